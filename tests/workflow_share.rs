//! Provider shares: a site cut down to one provider must hold nothing
//! about any other provider and no expert's name or individual score.
//!
//! The cut is checked twice: on the loaded site, where every string it
//! holds is searched, and on the output of `kaohe build --provider`, where
//! every file written (pages, charts, data files) is searched byte by
//! byte.

mod workflow_support;

use std::path::Path;

use kaohe::model::{LoadOptions, Site};
use kaohe::score::Results;
use kaohe::share::{self, UnknownProvider};
use workflow_support::{bundled_site, files_under, kaohe_at};

fn bundled() -> Site {
    Site::load(&bundled_site(), LoadOptions::default()).expect("the bundled site loads")
}

/// Every expert named in any sheet of `site`.
fn expert_names(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = site
        .periods
        .iter()
        .flat_map(|p| p.sheets.iter().flatten())
        .flat_map(|s| s.experts.iter().cloned())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The names that must not appear in `provider`'s share of `site`.
fn secrets(site: &Site, provider: &str) -> Vec<String> {
    let mut secret: Vec<String> = share::providers(site)
        .into_iter()
        .filter(|p| p != provider)
        .collect();
    secret.extend(expert_names(site));
    secret
}

#[test]
fn the_bundled_site_has_several_providers_and_named_experts() {
    let site = bundled();
    assert!(share::providers(&site).len() >= 3);
    assert!(!expert_names(&site).is_empty());
}

#[test]
fn a_share_holds_only_the_providers_own_periods_and_tables() {
    let site = bundled();
    for provider in share::providers(&site) {
        let cut = share::for_provider(&site, &provider).expect("a known provider");
        assert!(!cut.periods.is_empty());
        for period in &cut.periods {
            let original = site
                .periods
                .iter()
                .find(|p| p.id == period.id)
                .expect("same id");
            for (table, name) in period.providers.iter().enumerate() {
                match name {
                    Some(name) => assert_eq!(name, &provider),
                    None => {
                        assert!(period.sheets[table].is_none() && period.tallies[table].is_none())
                    }
                }
                let own = original.providers[table].as_deref() == Some(provider.as_str());
                assert_eq!(name.is_some(), own, "{} table {table}", period.id);
            }
        }
        let expected = site
            .periods
            .iter()
            .filter(|p| p.providers.iter().flatten().any(|n| n == &provider))
            .count();
        assert_eq!(cut.periods.len(), expected);

        let everything = format!("{cut:?}");
        for secret in secrets(&site, &provider) {
            assert!(
                !everything.contains(&secret),
                "{provider}'s share holds {secret}"
            );
        }
    }
}

#[test]
fn a_share_keeps_the_combined_scores() {
    let site = bundled();
    let full = Results::compute(&site);
    for provider in share::providers(&site) {
        let cut = share::for_provider(&site, &provider).expect("a known provider");
        let shared = Results::compute(&cut);
        for (period, result) in cut.periods.iter().zip(&shared.periods) {
            let index = site
                .periods
                .iter()
                .position(|p| p.id == period.id)
                .expect("id");
            for (table, scored) in result.tables.iter().enumerate() {
                let Some(scored) = scored else { continue };
                let original = full.periods[index].tables[table].as_ref().expect("scored");
                assert_eq!(scored.total, original.total);
                assert_eq!(scored.categories, original.categories);
                assert_eq!(scored.grade, original.grade);
                assert_eq!(scored.fee_deduction, original.fee_deduction);
                assert_eq!(scored.vetoed, original.vetoed);
                let scores = |r: &kaohe::score::TableResult| -> Vec<_> {
                    r.items.iter().map(|i| i.score).collect()
                };
                assert_eq!(scores(scored), scores(original));
                assert!(scored.items.iter().all(|i| i.spread.is_zero()));
            }
        }
    }
}

#[test]
fn a_share_keeps_only_the_providers_paragraphs_of_a_conclusion() {
    let site = bundled();
    let provider = "示例通信股份有限公司（示例）";
    let cut = share::for_provider(&site, provider).expect("a known provider");
    let latest = cut.periods.last().expect("a period");
    let conclusion = latest.conclusion.as_deref().expect("its paragraph is kept");
    assert!(conclusion.contains(provider));
    let original = site
        .periods
        .last()
        .and_then(|p| p.conclusion.as_deref())
        .expect("conclusion");
    assert!(conclusion.len() < original.len());
}

#[test]
fn an_unknown_provider_is_refused_with_the_known_ones() {
    let site = bundled();
    let error = share::for_provider(&site, "无此公司").expect_err("unknown");
    assert_eq!(
        error,
        UnknownProvider {
            name: "无此公司".to_string(),
            known: share::providers(&site),
        }
    );
}

#[test]
fn a_share_build_leaks_nothing_in_any_file() {
    let site = bundled();
    let dir = tempfile::tempdir().expect("temp dir");
    for provider in share::providers(&site) {
        let out = dir.path().join(&provider);
        let out_arg = out.to_str().expect("UTF-8");
        let run = kaohe_at(
            &bundled_site(),
            &["build", "--provider", &provider, "--out", out_arg],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let files = files_under(&out);
        assert!(files.iter().any(|(rel, _)| rel == "index.html"));
        assert!(files.iter().any(|(rel, _)| rel == "results.json"));
        let mut named = false;
        for (rel, bytes) in &files {
            for secret in secrets(&site, &provider) {
                assert!(
                    !contains(bytes, &secret),
                    "{provider}'s share: {rel} holds {secret}"
                );
            }
            named |= contains(bytes, &provider);
        }
        assert!(named, "{provider}'s share names the provider");
        assert_share_json(&out, &provider);
    }
}

#[test]
fn the_full_build_names_every_provider_and_expert() {
    // The scan above must be able to fail: the full site holds every name.
    let site = bundled();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let run = kaohe_at(
        &bundled_site(),
        &["build", "--out", out.to_str().expect("UTF-8")],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let files = files_under(&out);
    let mut names = share::providers(&site);
    names.extend(expert_names(&site));
    for name in names {
        assert!(
            files.iter().any(|(_, bytes)| contains(bytes, &name)),
            "{name}"
        );
    }
}

#[test]
fn a_share_build_for_an_unknown_provider_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("share");
    let out_arg = out.to_str().expect("UTF-8");
    let run = kaohe_at(
        &bundled_site(),
        &["build", "--provider", "无此公司", "--out", out_arg],
    );
    assert_eq!(run.status, 1);
    let known = share::providers(&bundled()).join(", ");
    assert_eq!(
        run.stderr,
        format!("error: no period names provider \"无此公司\"; the providers are: {known}\n")
    );
    assert!(!out.exists());
}

/// Checks that results.json of a share lists only `provider`'s tables.
fn assert_share_json(out: &Path, provider: &str) {
    let text = std::fs::read_to_string(out.join("results.json")).expect("results.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let periods = json["periods"].as_array().expect("periods");
    assert!(!periods.is_empty());
    for period in periods {
        for table in period["tables"].as_array().expect("tables") {
            if !table["provider"].is_null() {
                assert_eq!(table["provider"], provider);
            }
        }
    }
}

/// True if and only if `bytes` hold the UTF-8 of `text`.
fn contains(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}
