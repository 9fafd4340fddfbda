//! The feature fault switch of spec/faults.md: with SCL_TEST_HOOKS=1, SIGUSR2 makes the log
//! shipper's task panic, and nothing catches it. Tokio ends that task only (the process and its
//! other tasks go on), which is the runtime's own behaviour the isolation experiment shows.
use tokio::signal::unix::{signal, Signal, SignalKind};

pub const FAULT_MARKER: &str = "SCL_FAULT_INJECTED";
const FAULT_SITE: &str = "logs.shipper";

/// The SIGUSR2 stream when test hooks are on; None (never fires) otherwise.
pub fn arm(test_hooks: bool) -> Option<Signal> {
    if !test_hooks {
        return None;
    }
    signal(SignalKind::user_defined2()).ok()
}

/// Resolves when the switch fires; pending forever without it.
pub async fn fired(switch: &mut Option<Signal>) {
    match switch {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending::<()>().await,
    }
}

/// The bug the switch stands for.
pub fn injected_panic() -> ! {
    eprintln!("{FAULT_MARKER} {FAULT_SITE} pid={}", std::process::id());
    panic!("{FAULT_MARKER}: a panic raised on purpose in {FAULT_SITE} (SIGUSR2 with SCL_TEST_HOOKS=1, spec/faults.md)");
}
