//! Gathers every Rust program of the repository into this one crate: each of
//! `scenarios/*.rs` and `cases/*.rs` becomes a module, so that all of them compile in a single
//! rustc run against the dependencies built once.
//!
//! A program is an ordinary binary source: `async fn main()` under `#[tokio::main]`, private
//! to its file. To call it, each program is copied into OUT_DIR with one line appended, a
//! `pub fn run_program()` that calls `main()` from inside the module; the program's own lines
//! are unchanged, so compiler messages keep their line and column numbers (`check.sh` maps
//! the copies' paths back to the repository's).

use std::fs;
use std::path::{Path, PathBuf};

fn programs_in(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {}", dir.display(), e))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().map_or(false, |ext| ext == "rs"))
        .collect();
    found.sort();
    found
}

fn module_name(group: &str, path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy();
    let ident: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("{}_{}", group, ident)
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("programs");
    let groups = [("scenarios", here.join("../../scenarios")), ("cases", here.join("cases"))];
    let mut modules = String::new();
    let mut table = String::from("pub const PROGRAMS: &[(&str, fn())] = &[\n");
    for (group, dir) in groups.iter() {
        fs::create_dir_all(out.join(group)).unwrap();
        for path in programs_in(dir) {
            println!("cargo:rerun-if-changed={}", path.display());
            let file_name = path.file_name().unwrap().to_string_lossy().to_string();
            let copy = out.join(group).join(&file_name);
            let mut source = fs::read_to_string(&path).unwrap();
            if !source.ends_with('\n') {
                source.push('\n');
            }
            source.push_str("pub fn run_program() { main() }\n");
            fs::write(&copy, source).unwrap();
            let module = module_name(group, &path);
            modules.push_str(&format!(
                "#[path = {:?}]\n#[deny(warnings)]\nmod {};\n",
                copy.display().to_string(),
                module
            ));
            table.push_str(&format!("    ({:?}, {}::run_program),\n", format!("{}/{}", group, file_name), module));
        }
    }
    table.push_str("];\n");
    fs::write(out.join("mod.rs"), modules + &table).unwrap();
}
