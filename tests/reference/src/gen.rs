pub fn generate(_seed: u64) -> String { String::new() }
