# Command completion for aws2 in zsh.
#
# Add to ~/.zshrc (after compinit, or let this file run it):
#
#     source /usr/local/bin/aws_zsh_completer.sh
#
# zsh runs the completer through its bash compatibility layer (bashcompinit), exactly as bash
# does with `complete -C aws2_completer aws2`: the completer reads COMP_LINE and COMP_POINT and
# prints one candidate a line. Set AWS2_COMPLETER to use a completer that is not on PATH.

autoload -Uz compinit bashcompinit
if ! (( $+functions[compdef] )); then
  compinit -u
fi
bashcompinit

_aws2_completer_command() {
  if [[ -n "$AWS2_COMPLETER" ]]; then
    print -r -- "$AWS2_COMPLETER"
  elif (( $+commands[aws2_completer] )); then
    print -r -- "$commands[aws2_completer]"
  else
    print -r -- "${commands[aws_completer]:-aws_completer}"
  fi
}

complete -C "$(_aws2_completer_command)" aws2
