//! Golden snapshots of the cleaned seed pages (title, date, source,
//! paragraphs, dropped blocks). Review changes with `cargo insta review`.

use promdigest::clean::clean_text;

#[test]
fn seeds_cleaned() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/data/seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let cleaned = clean_text(&std::fs::read_to_string(&p).unwrap());
        insta::assert_json_snapshot!(format!("seed_{name}"), cleaned);
    }
}
