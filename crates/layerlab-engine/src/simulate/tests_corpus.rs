//! No panic over the real-world Dockerfiles of ../shared/corpus/real-world (skipped with a
//! message when absent); prints how many steps are unknown vs estimated.

use super::tests::sim_text;

#[test]
fn real_world_corpus_never_panics() {
    let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
    let (mut steps, mut layered, mut unknown, mut estimated, mut unknown_images) = (0, 0, 0, 0, 0);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let sim = sim_text(&text, None);
        steps += sim.steps.len();
        layered += sim.steps.iter().filter(|s| !s.empty_layer).count();
        unknown += sim.steps.iter().filter(|s| s.unknown).count();
        estimated += sim.steps.iter().filter(|s| s.estimated && !s.unknown).count();
        for u in sim.steps.iter().flat_map(|s| &s.unknown_commands) {
            let key: String = match u.what.split_once("`: ") {
                Some((cmd, why)) => format!("{} :: {}", cmd.split_whitespace().next().unwrap_or(""), why.chars().take(50).collect::<String>()),
                None => u.what.chars().take(60).collect(),
            };
            *reasons.entry(key).or_default() += 1;
        }
        unknown_images += sim.stages.iter().filter(|s| !s.base.known && s.base.stage.is_none()).count();
    }
    println!(
        "{} Dockerfiles: {steps} steps, {layered} with a layer, {unknown} with an unknown part, {estimated} estimated (no unknown part), {unknown_images} stages on images not in the DB",
        files.len()
    );
    let mut top: Vec<_> = reasons.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    println!("most frequent unknown commands: {:?}", &top[..top.len().min(40)]);
    assert!(files.len() >= 300, "expected the 309 real-world files, found {}", files.len());
}
