//! Temporary credentials kept fresh for the whole of a command, as botocore's
//! `RefreshableCredentials` keeps them: the provider that found them is asked again once
//! they have less than the advisory window left (one thread at a time; the others go on
//! with the credentials they have), and every thread waits for it once they have less than
//! the mandatory window left. A failure in the advisory window keeps the old credentials; a
//! failure in the mandatory window is the request's error.

use std::sync::{Arc, Mutex, PoisonError, RwLock, TryLockError};
use std::time::{Duration, SystemTime};

use aws2_http::{CredentialSource, CredentialsError, LoadCredentials};

use super::{Credentials, ProvideCredentials, RemoteClients};
use crate::error::{ConfigError, Result};
use crate::session::Session;

/// Credentials with less than this left are fetched again by one thread while the others
/// keep using them (botocore's `_advisory_refresh_timeout`).
pub const ADVISORY_REFRESH: Duration = Duration::from_secs(15 * 60);

/// Credentials with less than this left are not used until they have been fetched again
/// (botocore's `_mandatory_refresh_timeout`).
pub const MANDATORY_REFRESH: Duration = Duration::from_secs(10 * 60);

/// Whether `credentials` have less than `window` left at `now` (never, without an expiry).
pub fn expires_within(credentials: &Credentials, now: SystemTime, window: Duration) -> bool {
    match credentials.expiration {
        None => false,
        Some(expiration) => match expiration.duration_since(now) {
            Ok(left) => left < window,
            Err(_) => true,
        },
    }
}

/// Whether credentials should be fetched again at `now` (they are within
/// [`ADVISORY_REFRESH`] of their expiry).
pub fn needs_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    expires_within(credentials, now, ADVISORY_REFRESH)
}

/// The message of botocore's error for a refresh that returned expired credentials.
pub const STILL_EXPIRED: &str =
    "Credentials were refreshed, but the refreshed credentials are still expired.";

/// Credentials found by one provider and fetched again from it before they expire. Safe to
/// share between the threads and tasks of a command.
pub struct RefreshingCredentials {
    session: Session,
    clients: RemoteClients,
    provider: Box<dyn ProvideCredentials>,
    current: RwLock<Arc<Credentials>>,
    refresh_lock: Mutex<()>,
    advisory: Duration,
    mandatory: Duration,
}

impl RefreshingCredentials {
    /// `initial`, as `provider` found them with `session` and `clients`, which it is asked
    /// again with for each refresh.
    pub fn new(
        session: Session,
        clients: RemoteClients,
        provider: Box<dyn ProvideCredentials>,
        initial: Credentials,
    ) -> Self {
        RefreshingCredentials {
            session,
            clients,
            provider,
            current: RwLock::new(Arc::new(initial)),
            refresh_lock: Mutex::new(()),
            advisory: ADVISORY_REFRESH,
            mandatory: MANDATORY_REFRESH,
        }
    }

    /// The provider's method name.
    pub fn method(&self) -> &'static str {
        self.provider.method()
    }

    /// The credentials held now, without any refresh.
    pub fn current(&self) -> Arc<Credentials> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn fresh_for(&self, window: Duration) -> Option<Arc<Credentials>> {
        let current = self.current();
        (!expires_within(&current, self.clients.now(), window)).then_some(current)
    }

    /// The credentials to sign with now, fetched again first as botocore's `_refresh`
    /// decides (see the module's documentation).
    pub fn get(&self) -> Result<Arc<Credentials>> {
        if let Some(current) = self.fresh_for(self.advisory) {
            return Ok(current);
        }
        let guard = match self.refresh_lock.try_lock() {
            Ok(guard) => Some(guard),
            Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        };
        match guard {
            Some(_guard) => {
                // Another thread may have refreshed them since they were read.
                if let Some(current) = self.fresh_for(self.advisory) {
                    return Ok(current);
                }
                let mandatory = self.fresh_for(self.mandatory).is_none();
                self.refresh(mandatory)
            }
            None => {
                if let Some(current) = self.fresh_for(self.mandatory) {
                    // Someone else is fetching them; these are still good enough.
                    return Ok(current);
                }
                let _guard = self
                    .refresh_lock
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                if let Some(current) = self.fresh_for(self.mandatory) {
                    return Ok(current);
                }
                self.refresh(true)
            }
        }
    }

    /// Asks the provider again (with the refresh lock held).
    fn refresh(&self, mandatory: bool) -> Result<Arc<Credentials>> {
        log::debug!("Credentials need to be refreshed.");
        let fetched = match self.provider.provide(&self.session, &self.clients) {
            Ok(Some(fresh)) => Ok(fresh),
            Ok(None) => Err(ConfigError::CredentialRetrieval {
                provider: self.method().into(),
                message: "Credential refresh failed, the provider no longer has credentials".into(),
            }),
            Err(e) => Err(e),
        };
        let fresh = match fetched {
            Ok(fresh) => Arc::new(fresh),
            Err(e) => {
                let period = if mandatory { "mandatory" } else { "advisory" };
                log::warn!(
                    "Refreshing temporary credentials failed during {period} refresh period: {e}"
                );
                if mandatory {
                    return Err(e);
                }
                return Ok(self.current());
            }
        };
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&fresh);
        if let Some(expiration) = fresh.expiration {
            log::debug!(
                "Retrieved credentials will expire at: {}",
                crate::time::format_iso8601(expiration)
            );
        }
        if expires_within(&fresh, self.clients.now(), Duration::ZERO) {
            log::warn!("{STILL_EXPIRED}");
            return Err(ConfigError::CredentialRetrieval {
                provider: self.method().into(),
                message: STILL_EXPIRED.into(),
            });
        }
        Ok(fresh)
    }
}

impl LoadCredentials for RefreshingCredentials {
    fn load(&self) -> std::result::Result<Arc<Credentials>, CredentialsError> {
        self.get().map_err(|e| CredentialsError(e.to_string()))
    }

    fn cached(&self) -> Option<Arc<Credentials>> {
        self.fresh_for(self.advisory)
    }
}

/// What a command signs its requests with: the credentials found (kept fresh when they
/// expire) and the provider that found them.
#[derive(Debug, Clone)]
pub struct CommandCredentials {
    /// Fixed credentials, or a [`RefreshingCredentials`] for ones with an expiry.
    pub source: CredentialSource,
    /// The provider's method name.
    pub method: &'static str,
}

impl CommandCredentials {
    /// Fixed `credentials` when they do not expire (nothing to do per request); else
    /// credentials fetched again from `provider` before they expire.
    pub fn new(
        session: &Session,
        clients: RemoteClients,
        provider: Box<dyn ProvideCredentials>,
        credentials: Credentials,
    ) -> Self {
        let method = provider.method();
        let source = if credentials.expiration.is_none() {
            CredentialSource::fixed(credentials)
        } else {
            CredentialSource::Loaded(Arc::new(RefreshingCredentials::new(
                session.clone(),
                clients,
                provider,
                credentials,
            )))
        };
        CommandCredentials { source, method }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::credentials::CredentialChain;
    use crate::{CommandLine, Env};
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::UNIX_EPOCH;

    const START: u64 = 1_893_456_000;

    /// A clock the test moves by hand.
    #[derive(Clone)]
    struct TestClock(Arc<AtomicU64>);

    impl TestClock {
        fn new() -> TestClock {
            TestClock(Arc::new(AtomicU64::new(START)))
        }
        fn at(&self, secs: u64) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst) + secs)
        }
        fn advance(&self, secs: u64) {
            self.0.fetch_add(secs, Ordering::SeqCst);
        }
        fn clock(&self) -> Clock {
            let me = self.clone();
            Clock::from_fn(move || me.at(0))
        }
    }

    type Answer = Box<dyn Fn(usize) -> Result<Option<Credentials>> + Send + Sync>;

    /// A provider that answers its `n`th call with `answer(n)` and counts its calls and how
    /// many run at once.
    struct Scripted {
        answer: Answer,
        calls: Arc<AtomicUsize>,
        running: Arc<AtomicUsize>,
        most_at_once: Arc<AtomicUsize>,
    }

    impl ProvideCredentials for Scripted {
        fn method(&self) -> &'static str {
            "assume-role"
        }

        fn provide(&self, _: &Session, _: &RemoteClients) -> Result<Option<Credentials>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_at_once.fetch_max(running, Ordering::SeqCst);
            let answer = (self.answer)(n);
            self.running.fetch_sub(1, Ordering::SeqCst);
            answer
        }
    }

    fn creds(key: &str, expiration: SystemTime) -> Credentials {
        let mut c = Credentials::new(key, "SECRET");
        c.session_token = Some(format!("TOKEN-{key}"));
        c.expiration = Some(expiration);
        c
    }

    struct Fixture {
        clock: TestClock,
        calls: Arc<AtomicUsize>,
        most_at_once: Arc<AtomicUsize>,
        refreshing: Arc<RefreshingCredentials>,
    }

    /// Credentials `ASIA0` valid for `valid_for` seconds; refreshes answer `answer(n)`.
    fn fixture(
        valid_for: u64,
        answer: impl Fn(usize, &TestClock) -> Result<Option<Credentials>> + Send + Sync + 'static,
    ) -> Fixture {
        let clock = TestClock::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let provider_clock = clock.clone();
        let provider = Scripted {
            answer: Box::new(move |n| answer(n, &provider_clock)),
            calls: Arc::clone(&calls),
            running: Arc::new(AtomicUsize::new(0)),
            most_at_once: Arc::clone(&most_at_once),
        };
        let clients = RemoteClients {
            now: Some(clock.clock()),
            ..RemoteClients::default()
        };
        let refreshing = Arc::new(RefreshingCredentials::new(
            Session::new(Env::empty(), CommandLine::new()),
            clients,
            Box::new(provider),
            creds("ASIA0", clock.at(valid_for)),
        ));
        Fixture {
            clock,
            calls,
            most_at_once,
            refreshing,
        }
    }

    /// Refreshes give `ASIA<n>`, valid for an hour.
    fn hour_long(n: usize, clock: &TestClock) -> Result<Option<Credentials>> {
        Ok(Some(creds(&format!("ASIA{n}"), clock.at(3600))))
    }

    fn failing(_: usize, _: &TestClock) -> Result<Option<Credentials>> {
        Err(ConfigError::CredentialRetrieval {
            provider: "assume-role".into(),
            message: "An error occurred (AccessDenied) when calling the AssumeRole operation: no"
                .into(),
        })
    }

    fn key(c: &Credentials) -> &str {
        &c.access_key_id
    }

    #[test]
    fn credentials_outside_the_advisory_window_are_used_as_they_are() {
        let f = fixture(16 * 60, hour_long);
        for _ in 0..3 {
            assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
        }
        assert!(f.refreshing.cached().is_some());
        // Exactly fifteen minutes left is still enough, as botocore counts.
        f.clock.advance(60);
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
        assert_eq!(f.calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn the_advisory_window_fetches_them_again() {
        let f = fixture(15 * 60 - 1, hour_long);
        assert!(f.refreshing.cached().is_none());
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA1");
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA1");
        assert_eq!(key(&f.refreshing.cached().unwrap()), "ASIA1");
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        // An hour later the new ones are due in turn.
        f.clock.advance(50 * 60);
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA2");
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_failure_in_the_advisory_window_keeps_the_old_credentials() {
        let f = fixture(12 * 60, failing);
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
        // Every request in the window tries again, as botocore does.
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_failure_in_the_mandatory_window_is_the_error() {
        let f = fixture(12 * 60, failing);
        f.clock.advance(3 * 60);
        let err = f.refreshing.get().unwrap_err().to_string();
        assert!(err.contains("AccessDenied"), "{err}");
        let loaded = f.refreshing.load().unwrap_err();
        assert_eq!(loaded.0, err);
    }

    #[test]
    fn credentials_that_are_still_expired_after_a_refresh_are_an_error() {
        let f = fixture(60, |_, clock| {
            Ok(Some(creds("ASIA1", clock.at(0) - Duration::from_secs(1))))
        });
        let err = f.refreshing.get().unwrap_err().to_string();
        assert!(err.contains(STILL_EXPIRED), "{err}");
    }

    #[test]
    fn a_provider_that_no_longer_answers_fails_the_mandatory_refresh() {
        let f = fixture(5 * 60, |_, _| Ok(None));
        assert!(f.refreshing.get().is_err());
        let f = fixture(12 * 60, |_, _| Ok(None));
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
    }

    #[test]
    fn many_threads_in_the_mandatory_window_make_one_refresh() {
        let f = fixture(5 * 60, hour_long);
        let threads = 16;
        let barrier = Arc::new(std::sync::Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let refreshing = Arc::clone(&f.refreshing);
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    refreshing.get().map(|c| c.access_key_id.clone())
                })
            })
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap().unwrap(), "ASIA1");
        }
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        assert_eq!(f.most_at_once.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn others_go_on_with_the_old_credentials_while_one_refreshes_in_the_advisory_window() {
        let (entered_tx, entered_rx) = mpsc::channel::<()>();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let entered_tx = Mutex::new(entered_tx);
        let release_rx = Mutex::new(release_rx);
        let f = fixture(12 * 60, move |n, clock| {
            entered_tx.lock().unwrap().send(()).unwrap();
            release_rx.lock().unwrap().recv().unwrap();
            hour_long(n, clock)
        });
        let refreshing = Arc::clone(&f.refreshing);
        let refresher = std::thread::spawn(move || refreshing.get().unwrap());
        entered_rx.recv().unwrap();
        // The refresh is under way: another request neither waits nor fetches.
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA0");
        assert!(f.refreshing.cached().is_none());
        release_tx.send(()).unwrap();
        assert_eq!(key(&refresher.join().unwrap()), "ASIA1");
        assert_eq!(key(&f.refreshing.get().unwrap()), "ASIA1");
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_command_gets_fixed_credentials_unless_they_expire() {
        let clock = TestClock::new();
        let session = Session::new(Env::empty(), CommandLine::new());
        let chain = |answer: Credentials| {
            CredentialChain::from_providers(vec![Box::new(Scripted {
                answer: Box::new(move |_| Ok(Some(answer.clone()))),
                calls: Arc::new(AtomicUsize::new(0)),
                running: Arc::new(AtomicUsize::new(0)),
                most_at_once: Arc::new(AtomicUsize::new(0)),
            })])
        };
        let clients = || RemoteClients {
            now: Some(clock.clock()),
            ..RemoteClients::default()
        };
        let fixed = chain(Credentials::new("AKID", "SECRET"))
            .resolve_for_command(&session, clients())
            .unwrap()
            .unwrap();
        assert_eq!(fixed.method, "assume-role");
        assert!(matches!(fixed.source, CredentialSource::Fixed(_)));
        let expiring = chain(creds("ASIA0", clock.at(3600)))
            .resolve_for_command(&session, clients())
            .unwrap()
            .unwrap();
        assert!(matches!(expiring.source, CredentialSource::Loaded(_)));
        assert_eq!(key(&expiring.source.load().unwrap()), "ASIA0");
    }

    #[test]
    fn windows_as_botocore_counts_them() {
        let now = UNIX_EPOCH + Duration::from_secs(START);
        let c = creds("ASIA0", now + Duration::from_secs(600));
        assert!(!expires_within(&c, now, MANDATORY_REFRESH));
        assert!(expires_within(
            &c,
            now + Duration::from_secs(1),
            MANDATORY_REFRESH
        ));
        assert!(needs_refresh(&c, now));
        assert!(!expires_within(
            &c,
            now + Duration::from_secs(600),
            Duration::ZERO
        ));
        assert!(expires_within(
            &c,
            now + Duration::from_secs(601),
            Duration::ZERO
        ));
        assert!(!needs_refresh(&Credentials::new("AKID", "SECRET"), now));
    }
}
