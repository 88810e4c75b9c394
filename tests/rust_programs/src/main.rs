//! Every Rust program of pollscope, compiled together (see build.rs).
//!
//!     rust-programs list             the programs, one per line (e.g. scenarios/01-ready.rs)
//!     rust-programs run PROGRAM      runs one on real tokio (its own #[tokio::main] runtime)

include!(concat!(env!("OUT_DIR"), "/programs/mod.rs"));

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["list"] => {
            for (name, _) in PROGRAMS {
                println!("{}", name);
            }
        }
        ["run", wanted] => match PROGRAMS.iter().find(|(name, _)| name == wanted) {
            Some((_, run)) => run(),
            None => {
                eprintln!("rust-programs: no program {:?} (try `rust-programs list`)", wanted);
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!("usage: rust-programs list | rust-programs run PROGRAM");
            std::process::exit(2);
        }
    }
}
