//! scl_app_* from /proc/self (the procfs crate), read at scrape time.
use crate::spec;
use prometheus::{Counter, Gauge, Opts, Registry};
use std::sync::Mutex;

pub struct ProcessMetrics {
    cpu: Counter,
    rss: Gauge,
    fds: Gauge,
    start_time: Gauge,
    cpu_seen: Mutex<f64>,
}

fn gauge(registry: &Registry, name: &str) -> Gauge {
    let g = Gauge::with_opts(Opts::new(name, spec::help(name))).expect("valid metric");
    registry.register(Box::new(g.clone())).expect("registered once");
    g
}

impl ProcessMetrics {
    pub fn new(registry: &Registry) -> ProcessMetrics {
        let cpu = Counter::with_opts(Opts::new("scl_app_cpu_seconds_total", spec::help("scl_app_cpu_seconds_total")))
            .expect("valid metric");
        registry.register(Box::new(cpu.clone())).expect("registered once");
        ProcessMetrics {
            cpu,
            rss: gauge(registry, "scl_app_resident_memory_bytes"),
            fds: gauge(registry, "scl_app_open_fds"),
            start_time: gauge(registry, "scl_app_start_time_seconds"),
            cpu_seen: Mutex::new(0.0),
        }
    }

    /// A counter only goes up, so the CPU time read now is added as the growth since the last scrape.
    pub fn refresh(&self) {
        let Ok(me) = procfs::process::Process::myself() else { return };
        let ticks = procfs::ticks_per_second() as f64;
        if let Ok(stat) = me.stat() {
            let cpu = (stat.utime + stat.stime) as f64 / ticks;
            let mut seen = self.cpu_seen.lock().expect("not poisoned");
            if cpu > *seen {
                self.cpu.inc_by(cpu - *seen);
                *seen = cpu;
            }
            self.rss.set((stat.rss * procfs::page_size()) as f64);
            if let Ok(boot) = procfs::boot_time_secs() {
                self.start_time.set(boot as f64 + stat.starttime as f64 / ticks);
            }
        }
        if let Ok(fds) = me.fd_count() {
            self.fds.set(fds as f64);
        }
    }
}
