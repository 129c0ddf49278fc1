# Command completion for aws2 in fish.
#
# Copy to ~/.config/fish/completions/aws2.fish (or source it from config.fish). fish hands the
# command line up to the cursor to the completer as bash would (COMP_LINE, COMP_POINT); set
# AWS2_COMPLETER to use a completer that is not on PATH.

function __aws2_complete
    set -l completer aws2_completer
    if set -q AWS2_COMPLETER
        set completer $AWS2_COMPLETER
    else if not command -sq aws2_completer
        set completer aws_completer
    end
    set -l line (commandline -cp)
    env COMP_LINE="$line" COMP_POINT=(string length -- "$line") $completer
end

complete -c aws2 -f -a '(__aws2_complete)'
