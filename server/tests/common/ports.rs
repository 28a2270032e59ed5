//! Servers under test on ports nobody else holds. Picking a port by binding :0 and releasing it
//! races with every other test doing the same: the one that binds second fails, and the test
//! then talks to the other test's server.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Starts `proofwire … serve` (the command given, up to and including `serve`) on port 0 and
/// returns it with the address it bound, which it writes to a file in `dir`.
pub fn serve_on_any_port(mut command: Command, dir: &Path) -> (Child, SocketAddr) {
    let file = dir.join(format!("listening-{}-{}", std::process::id(), unique()));
    let _ = std::fs::remove_file(&file);
    let mut child = command
        .args(["--addr", "127.0.0.1:0", "--addr-file"])
        .arg(&file)
        .spawn()
        .expect("start proofwire serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(text) = std::fs::read_to_string(&file) {
            let addr = text
                .trim()
                .parse()
                .expect("the address file holds an address");
            return (child, addr);
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("proofwire serve exited before listening: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("proofwire serve did not listen within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts a program that binds the port it is given and exits when it cannot (chromedriver,
/// haproxy). A program still running after it accepts on the port owns it; one that exited lost
/// a race, and is started again on another port.
pub fn spawn_on_free_port(mut start: impl FnMut(u16) -> Child) -> (Child, u16) {
    for _ in 0..5 {
        let port = free_port();
        let mut child = start(port);
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut accepted = false;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if accepted {
                return (child, port);
            }
            // Connecting is not enough (another test may hold the port): the child must also
            // outlive a moment after it, when a failed bind has made it exit.
            accepted = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
            std::thread::sleep(Duration::from_millis(if accepted { 300 } else { 50 }));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("no free port after 5 tries");
}

/// A port free at this instant, and maybe not the next: `spawn_on_free_port` checks who got it.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
