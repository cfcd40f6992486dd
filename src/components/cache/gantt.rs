//! Geometry of the rebuild timeline: the cold build and the rebuild after the change on one
//! clock, a row per stage (parallel stages overlap in time), a bar per step that takes time,
//! a tick per step the cache serves for free. Pure, tested natively.
use layerlab_engine::cache::{CacheStatus, Lane, Timeline};

pub const WIDTH: f64 = 560.0;
/// Stage names on the left.
pub const LABEL_WIDTH: f64 = 112.0;
const RIGHT_PADDING: f64 = 16.0;
pub const ROW_HEIGHT: f64 = 20.0;
pub const BAR_HEIGHT: f64 = 12.0;
/// A group's title line ("Before: cold build · 58.7 s").
pub const GROUP_HEIGHT: f64 = 22.0;
pub const AXIS_HEIGHT: f64 = 22.0;
/// The narrowest bar drawn, so that a 0.1 s step stays visible.
const MIN_BAR: f64 = 2.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The cold build before the change.
    Before,
    /// The rebuild after it.
    After,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub group: Group,
    pub stage: usize,
    pub line: usize,
    pub status: CacheStatus,
    /// Served by the cache in no time: drawn as a thin tick.
    pub free: bool,
    pub critical: bool,
    pub seconds: f64,
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub group: Group,
    pub name: String,
    /// Top of the row.
    pub y: f64,
    pub end_seconds: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Gantt {
    pub height: f64,
    /// (group, top of its title line).
    pub groups: Vec<(Group, f64)>,
    pub rows: Vec<Row>,
    pub bars: Vec<Bar>,
    /// (x, seconds) of each axis tick.
    pub ticks: Vec<(f64, f64)>,
    pub axis_y: f64,
}

/// x of `seconds` on a chart whose longest time is `longest`.
pub fn x_of(seconds: f64, longest: f64) -> f64 {
    LABEL_WIDTH + seconds / longest.max(f64::EPSILON) * (WIDTH - LABEL_WIDTH - RIGHT_PADDING)
}

pub fn gantt(timeline: &Timeline) -> Gantt {
    let ends = timeline.lanes.iter().chain(&timeline.before_lanes).map(|lane| lane.end_seconds);
    let longest = ends.chain([timeline.before_seconds, timeline.after_seconds]).fold(0.0, f64::max).max(1.0);
    let mut gantt = Gantt { height: 0.0, groups: Vec::new(), rows: Vec::new(), bars: Vec::new(), ticks: Vec::new(), axis_y: 0.0 };
    let mut y = 0.0;
    for (group, lanes) in [(Group::Before, &timeline.before_lanes), (Group::After, &timeline.lanes)] {
        gantt.groups.push((group, y));
        y += GROUP_HEIGHT;
        for lane in lanes {
            add_lane(&mut gantt, group, lane, y, longest, timeline);
            y += ROW_HEIGHT;
        }
        y += 6.0;
    }
    gantt.axis_y = y;
    gantt.ticks = ticks(longest).into_iter().map(|seconds| (x_of(seconds, longest), seconds)).collect();
    gantt.height = y + AXIS_HEIGHT;
    gantt
}

fn add_lane(gantt: &mut Gantt, group: Group, lane: &Lane, y: f64, longest: f64, timeline: &Timeline) {
    gantt.rows.push(Row { group, name: lane.name.clone(), y, end_seconds: lane.end_seconds });
    for step in &lane.steps {
        let critical = group == Group::After
            && timeline.critical_path.iter().any(|c| c.stage == lane.stage && c.instruction == step.instruction);
        let x = x_of(step.start_seconds, longest);
        let free = step.seconds <= 0.0;
        let width = if free { 0.0 } else { (x_of(step.start_seconds + step.seconds, longest) - x).max(MIN_BAR) };
        gantt.bars.push(Bar {
            group,
            stage: lane.stage,
            line: step.line,
            status: step.status,
            free,
            critical,
            seconds: step.seconds,
            x,
            y: y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0,
            width,
        });
    }
}

/// Round tick values (1, 2 or 5 × 10ⁿ seconds apart) from 0 up to `longest`, at most 7.
pub fn ticks(longest: f64) -> Vec<f64> {
    let rough = longest / 6.0;
    let magnitude = 10f64.powf(rough.max(1e-9).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(10.0 * magnitude);
    let count = (longest / step).floor() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;

    fn timeline(dockerfile: &str, scenario: &str) -> Timeline {
        let input = Input { dockerfile: dockerfile.into(), scenario: Some(scenario.into()), skip_effects: true, ..Default::default() };
        analyze(&input).cache.timeline
    }

    const PARALLEL: &str = "FROM golang:1.22 AS backend\nWORKDIR /src\nCOPY . .\nRUN go build -o /api .\nFROM node:20 AS frontend\nCOPY . .\nRUN npm ci\nFROM alpine\nCOPY --from=backend /api /api\nCOPY --from=frontend /dist /www\n";

    #[test]
    fn both_builds_share_one_clock_and_parallel_stages_overlap() {
        let timeline = timeline(PARALLEL, "edit-source");
        let gantt = gantt(&timeline);
        assert_eq!(gantt.groups.len(), 2);
        assert_eq!(gantt.rows.iter().filter(|r| r.group == Group::Before).count(), 3);
        // The cold build's last bar ends where before_seconds sits on the axis; nothing passes the chart.
        let end = |group| gantt.bars.iter().filter(|b| b.group == group).map(|b| b.x + b.width).fold(0.0, f64::max);
        let longest = timeline.before_seconds.max(timeline.after_seconds);
        assert!((end(Group::Before) - x_of(timeline.before_seconds, longest)).abs() < 2.5, "{gantt:#?}");
        assert!(end(Group::After) <= WIDTH);
        // backend and frontend start together in the cold build.
        let first = |name: &str| {
            let row = gantt.rows.iter().find(|r| r.group == Group::Before && r.name == name).unwrap();
            gantt.bars.iter().filter(|b| b.group == Group::Before && b.y > row.y && b.y < row.y + ROW_HEIGHT).map(|b| b.x).fold(f64::MAX, f64::min)
        };
        assert_eq!(first("backend"), first("frontend"));
        // Rows never overlap and the axis sits under them all.
        for pair in gantt.rows.windows(2) {
            assert!(pair[1].y >= pair[0].y + ROW_HEIGHT);
        }
        assert!(gantt.rows.iter().all(|r| r.y + ROW_HEIGHT <= gantt.axis_y));
    }

    #[test]
    fn hits_are_free_ticks_and_the_critical_path_is_marked_in_the_rebuild_only() {
        let timeline = timeline(PARALLEL, "edit-source");
        let gantt = gantt(&timeline);
        let after: Vec<&Bar> = gantt.bars.iter().filter(|b| b.group == Group::After).collect();
        assert!(after.iter().any(|b| b.free && b.status == CacheStatus::Hit && b.width == 0.0));
        let critical: Vec<usize> = after.iter().filter(|b| b.critical).map(|b| b.line).collect();
        let expected: Vec<usize> = timeline.critical_path.iter().map(|c| c.line).collect();
        assert_eq!(critical, expected);
        assert!(gantt.bars.iter().filter(|b| b.group == Group::Before).all(|b| !b.critical && b.status == CacheStatus::Miss));
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(ticks(58.7), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(ticks(4.0), [0.0, 1.0, 2.0, 3.0, 4.0]);
        let small = ticks(1.0);
        assert_eq!(small.len(), 6);
        assert!((small[5] - 1.0).abs() < 1e-9 && (small[1] - 0.2).abs() < 1e-9);
        assert!(ticks(600.0).len() <= 7);
    }
}
