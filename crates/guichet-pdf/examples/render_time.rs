//! Render time of a 20-line quote after warm-up:
//! `cargo run --release -p guichet-pdf --example render_time [out.pdf]`
//! (with a path, the sample is also written there, to look at). Wall times, then the thread's
//! CPU time (Linux), which a busy machine does not inflate, and how it grows with the lines.

use std::time::{Duration, Instant};

use guichet_pdf::{PdfError, Provider, Renderer, Sheet, Signature, Table};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let renderer = Renderer::new()?;
    println!(
        "Renderer::new (fonts, template, one warm-up render): {:?}",
        started.elapsed()
    );

    let sheet = sample();
    let first = Instant::now();
    let pdf = renderer.render(&sheet)?;
    println!(
        "first render of the sample: {:?}, {} bytes",
        first.elapsed(),
        pdf.len()
    );
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &pdf)?;
        println!("written to {path}");
    }

    // Each timed sheet differs from the others in every line, as distinct documents do, so
    // typst's memoisation cannot replay an earlier layout.
    for n in 0..5 {
        renderer.render(&sample_numbered(1000 + n))?;
    }
    let runs = 50u32;
    let mut times = (0..runs)
        .map(|n| {
            let sheet = sample_numbered(n);
            let start = Instant::now();
            renderer.render(&sheet).map(|_| start.elapsed())
        })
        .collect::<Result<Vec<Duration>, PdfError>>()?;
    times.sort();
    let total: Duration = times.iter().sum();
    println!(
        "{runs} distinct 20-line sheets after warm-up: mean {:?}, median {:?}, min {:?}, max {:?}",
        total / runs,
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
    );
    if let Some(cpu) = cpu_time() {
        let before = cpu;
        for n in 0..runs {
            renderer.render(&sample_numbered(2000 + n))?;
        }
        let after = cpu_time().unwrap_or(before);
        println!(
            "CPU time of this thread per distinct sheet: {:?}",
            (after - before) / runs
        );
        for rows in [0usize, 5, 20, 60] {
            let before = cpu_time().unwrap_or_default();
            for n in 0..20u32 {
                let mut sheet = sample_numbered(3000 + n);
                if let Some(table) = &mut sheet.table {
                    table.rows.truncate(rows);
                    while table.rows.len() < rows {
                        let mut row = table.rows[0].clone();
                        row[1] = format!("{} {}", row[1], table.rows.len());
                        table.rows.push(row);
                    }
                }
                renderer.render(&sheet)?;
            }
            let after = cpu_time().unwrap_or_default();
            println!("  {rows} rows: CPU {:?} per sheet", (after - before) / 20);
        }
    }
    let start = Instant::now();
    for _ in 0..runs {
        renderer.render(&sheet)?;
    }
    println!(
        "the same sheet again, {runs} times: mean {:?}",
        start.elapsed() / runs
    );
    Ok(())
}

/// The sample with a number in its title and in every line.
fn sample_numbered(n: u32) -> Sheet {
    let mut sheet = sample();
    sheet.title = format!("Soumission S-2026-{n:04}");
    if let Some(table) = &mut sheet.table {
        for row in &mut table.rows {
            row[1] = format!("{} (lot {n})", row[1]);
        }
    }
    sheet
}

/// CPU time this thread has run (Linux), so that a busy machine does not count.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn sample() -> Sheet {
    let s = |t: &str| t.to_owned();
    let rows = (1..=20)
        .map(|i| {
            vec![
                format!("P-{i:04}"),
                format!("Article de quincaillerie numéro {i}, fini « satiné »"),
                format!("{i}"),
                s("12,50\u{a0}$"),
                format!(
                    "{},{:02}\u{a0}$",
                    i * 12 + i / 2,
                    if i % 2 == 0 { 0 } else { 50 }
                ),
            ]
        })
        .collect();
    Sheet {
        lang: s("fr"),
        title: s("Soumission S-2026-0004, révision 2"),
        provider: Provider {
            name: s("Quincaillerie Lavoie inc."),
            colour: s("#0b5d3b"),
            logo: None,
        },
        facts: vec![
            (s("Numéro"), s("S-2026-0004")),
            (s("Date"), s("3 février 2026")),
            (s("Valide jusqu’au"), s("5 mars 2026")),
            (
                s("Client"),
                s("Boulangerie « Le Pétrin »\n12, rue Saint-Édouard\nQuébec (Québec)  G1K 3Y2"),
            ),
            (
                s("Livrer à"),
                s("Entrepôt, porte 4\n80, rue du Marais\nQuébec (Québec)  G1M 3G4"),
            ),
        ],
        table: Some(Table {
            headers: vec![
                s("Code"),
                s("Description"),
                s("Qté"),
                s("Prix unitaire"),
                s("Montant"),
            ],
            rows,
            numeric: vec![false, false, true, true, true],
            totals: vec![
                (s("Sous-total"), s("2\u{202f}625,00\u{a0}$")),
                (s("TPS (5\u{a0}%)"), s("131,25\u{a0}$")),
                (s("TVQ (9,975\u{a0}%)"), s("261,84\u{a0}$")),
                (s("Total"), s("3\u{202f}018,09\u{a0}$")),
            ],
        }),
        sections: vec![
            (
                s("Conditions"),
                s(
                    "Un acompte de 30\u{a0}% est exigé à l’acceptation ; le solde est payable à la livraison. Les prix sont en dollars canadiens et ne comprennent pas les frais de transport hors de la zone de livraison habituelle.\nCette soumission est valide trente jours.",
                ),
            ),
            (s("Note"), s("Livraison prévue la semaine du 16 février.")),
        ],
        signature: Some(Signature {
            caption: s("Accepté le 4 février 2026 à 14 h 05 par"),
            strokes: vec![
                vec![
                    (12.0, 70.0),
                    (30.0, 25.0),
                    (48.0, 78.0),
                    (66.0, 30.0),
                    (90.0, 72.0),
                    (120.0, 50.0),
                ],
                vec![(130.0, 60.0), (170.0, 40.0), (210.0, 65.0), (260.0, 35.0)],
            ],
            typed: s("Marie-Ève Tremblay"),
        }),
        footer: s(
            "Quincaillerie Lavoie inc. — 1200, boul. Charest Est, Québec (Québec) — TPS 123456789 RT0001 — TVQ 1234567890 TQ0001",
        ),
    }
}
