//! Where each box and edge of the build graph goes: a pure function of the report, tested
//! natively. Stages go top to bottom by dependency depth (a stage sits below every stage it
//! uses); stages at the same depth are independent and sit side by side in lanes, as BuildKit
//! runs them in parallel. Each external image sits just above the first stage that uses it.
use layerlab_engine::model::EdgeKind;
use layerlab_engine::sorting;
use layerlab_engine::Report;

pub const BOX_WIDTH: f64 = 240.0;
/// The stage's name line and its `FROM` line.
pub const HEADER_HEIGHT: f64 = 44.0;
pub const ROW_HEIGHT: f64 = 20.0;
const BOX_PADDING: f64 = 6.0;
pub const IMAGE_HEIGHT: f64 = 24.0;
/// Vertical room between bands, where edges bend and carry their labels.
const BAND_GAP: f64 = 34.0;
const LANE_GAP: f64 = 28.0;
const IMAGE_GAP: f64 = 12.0;
const MARGIN: f64 = 12.0;
/// Width of one character of the code font at 10.5 px (monospace: ≈ 0.6 em).
pub const CODE_CHAR_WIDTH: f64 = 6.4;
const IMAGE_MIN_WIDTH: f64 = 80.0;
const IMAGE_TEXT_PADDING: f64 = 20.0;
/// Ports closer than this stagger their edge labels.
const LABEL_ROOM: f64 = 44.0;
/// The least room between an edge and a box it passes, and between two edges in one gap.
const EDGE_CLEARANCE: f64 = 4.0;
const EDGE_SPACING: f64 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An image pulled from a registry (a `FROM`, `COPY --from=` or `--mount from=` source).
#[derive(Clone, Debug, PartialEq)]
pub struct ImageNode {
    pub reference: String,
    pub rect: Rect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StageBox {
    /// Index into `report.stages`.
    pub stage: usize,
    /// Longest chain of stages it depends on: its row.
    pub depth: usize,
    /// Position among the stages of the same depth: its column.
    pub lane: usize,
    pub rect: Rect,
    /// Indices into `report.steps`, in file order: one row each.
    pub steps: Vec<usize>,
}

impl StageBox {
    /// Top of the `position`-th step row.
    pub fn row_y(&self, position: usize) -> f64 {
        self.rect.y + HEADER_HEIGHT + position as f64 * ROW_HEIGHT
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Index into `report.stages`.
    Stage(usize),
    /// Index into `Layout::images`.
    Image(usize),
}

/// `target` uses `source` through `kind` on `line`; drawn from the source's bottom to the
/// target's top.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLine {
    pub kind: EdgeKind,
    pub source: Source,
    /// Index into `report.stages`.
    pub target: usize,
    pub line: usize,
    pub from: Point,
    pub to: Point,
    /// 0 or 1: labels of closely spaced edges alternate between two heights.
    pub label_row: u8,
    /// Where an edge that would cross boxes between its ends runs instead: down a free column.
    pub detour: Option<Detour>,
}

/// A vertical run at `x` from `top` (in the gap below the source) to `bottom` (in the gap above
/// the target), clear of every box and image in between.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detour {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
}

impl EdgeLine {
    /// A vertical S-curve: leaves the source downwards and enters the target from above; a
    /// detour is an S-curve into its column, the column, and an S-curve out of it.
    pub fn path(&self) -> String {
        let (from, to) = (self.from, self.to);
        let curve = |a: Point, b: Point| {
            let middle = (a.y + b.y) / 2.0;
            format!("C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}", a.x, middle, b.x, middle, b.x, b.y)
        };
        match self.detour {
            None => format!("M{:.1} {:.1}{}", from.x, from.y, curve(from, to)),
            Some(Detour { x, top, bottom }) => {
                let (enter, leave) = (Point { x, y: top }, Point { x, y: bottom });
                format!("M{:.1} {:.1}{}L{x:.1} {bottom:.1}{}", from.x, from.y, curve(from, enter), curve(leave, to))
            }
        }
    }

    /// Where the label goes: beside the edge, just above the target, so labels of edges into
    /// one box never meet (their ports are spread along its top).
    pub fn label_at(&self) -> Point {
        Point { x: self.to.x + 4.0, y: self.to.y - 9.0 - 11.0 * f64::from(self.label_row) }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub images: Vec<ImageNode>,
    pub stages: Vec<StageBox>,
    pub edges: Vec<EdgeLine>,
}

/// A use of a source by a stage, before positions are known.
struct Use {
    kind: EdgeKind,
    source: Source,
    target: usize,
    line: usize,
}

pub fn layout(report: &Report) -> Layout {
    let depths = depths(report);
    let lanes = lanes(report, &depths);
    let (references, uses) = uses(report);
    let mut stages: Vec<StageBox> = (0..report.stages.len())
        .map(|stage| {
            let steps: Vec<usize> =
                report.steps.iter().enumerate().filter(|(_, step)| step.stage_index == stage).map(|(i, _)| i).collect();
            let height = HEADER_HEIGHT + steps.len() as f64 * ROW_HEIGHT + BOX_PADDING;
            let rect = Rect { x: 0.0, y: 0.0, width: BOX_WIDTH, height };
            StageBox { stage, depth: depths[stage], lane: lanes[stage], rect, steps }
        })
        .collect();
    place_lanes(report, &mut stages);
    let ports = ports(&uses, &stages);
    let mut images: Vec<ImageNode> = references
        .into_iter()
        .map(|reference| {
            let width = (reference.chars().count() as f64 * CODE_CHAR_WIDTH + IMAGE_TEXT_PADDING)
                .clamp(IMAGE_MIN_WIDTH, BOX_WIDTH);
            ImageNode { reference, rect: Rect { x: 0.0, y: 0.0, width, height: IMAGE_HEIGHT } }
        })
        .collect();
    // Each image joins the band just above the shallowest stage using it.
    let image_band: Vec<Option<usize>> = (0..images.len())
        .map(|image| {
            uses.iter().filter(|u| u.source == Source::Image(image)).map(|u| depths[u.target]).min()
        })
        .collect();

    let max_depth = depths.iter().copied().max().unwrap_or(0);
    let mut y = MARGIN;
    for depth in 0..=max_depth {
        let in_band: Vec<usize> = (0..images.len()).filter(|&i| image_band[i] == Some(depth)).collect();
        if !in_band.is_empty() {
            place_image_band(depth, &in_band, &mut images, &image_band, &uses, &ports, &stages, &depths);
            for &image in &in_band {
                images[image].rect.y = y;
            }
            y += IMAGE_HEIGHT + BAND_GAP;
        }
        let mut band_height: f64 = 0.0;
        for stage in stages.iter_mut().filter(|s| s.depth == depth) {
            stage.rect.y = y;
            band_height = band_height.max(stage.rect.height);
        }
        if band_height > 0.0 {
            y += band_height + BAND_GAP;
        }
    }

    let edges = edges(&uses, &ports, &stages, &images);
    let detours = edges.iter().filter_map(|e| e.detour).map(|d| d.x + LANE_GAP / 2.0);
    let right = stages.iter().map(|s| s.rect.right()).chain(images.iter().map(|i| i.rect.right())).chain(detours).fold(0.0, f64::max);
    let bottom = stages.iter().map(|s| s.rect.bottom()).chain(images.iter().map(|i| i.rect.bottom())).fold(0.0, f64::max);
    Layout { width: right + MARGIN, height: bottom + MARGIN, images, stages, edges }
}

/// x of each stage: the first row side by side; a deeper stage centred under the stages it uses
/// (a fan-in sits in the middle of its sources), pushed right of its left neighbour.
fn place_lanes(report: &Report, stages: &mut [StageBox]) {
    let max_depth = stages.iter().map(|s| s.depth).max().unwrap_or(0);
    for depth in 0..=max_depth {
        let mut row: Vec<usize> = (0..stages.len()).filter(|&s| stages[s].depth == depth).collect();
        sorting::sort_by_key(&mut row, |&s| stages[s].lane);
        let mut next_free = MARGIN;
        for s in row {
            let used: Vec<f64> =
                report.stages[s].depends_on.iter().filter(|&&d| d < s).map(|&d| stages[d].rect.center_x()).collect();
            let wanted = if used.is_empty() { MARGIN } else { used.iter().sum::<f64>() / used.len() as f64 - BOX_WIDTH / 2.0 };
            stages[s].rect.x = wanted.max(next_free);
            next_free = stages[s].rect.right() + LANE_GAP;
        }
    }
}

/// Where each use enters its target (same order as `uses`): the edges into one stage are spread
/// along its top, stages first, left to right as their sources sit, then images, so edges into
/// one box do not cross and images keep to the right of the edges that pass their band.
fn ports(uses: &[Use], stages: &[StageBox]) -> Vec<f64> {
    let mut ports = vec![0.0; uses.len()];
    for target in stages {
        let mut incoming: Vec<usize> = (0..uses.len()).filter(|&u| uses[u].target == target.stage).collect();
        sorting::sort_by(&mut incoming, |&a, &b| {
            let key = |u: usize| match uses[u].source {
                Source::Stage(s) => (0, stages[s].rect.center_x(), uses[u].line),
                Source::Image(_) => (1, 0.0, uses[u].line),
            };
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(ka.2.cmp(&kb.2))
        });
        let count = incoming.len() as f64 + 1.0;
        for (position, u) in incoming.into_iter().enumerate() {
            ports[u] = target.rect.x + target.rect.width * (position as f64 + 1.0) / count;
        }
    }
    ports
}

/// Places the images of the band above `depth`, each centred over the port of its first use,
/// then pushed right past earlier images and past every edge that crosses the band.
#[allow(clippy::too_many_arguments)]
fn place_image_band(
    depth: usize,
    in_band: &[usize],
    images: &mut [ImageNode],
    image_band: &[Option<usize>],
    uses: &[Use],
    ports: &[f64],
    stages: &[StageBox],
    depths: &[usize],
) {
    // x spans of the edges passing through this band (their source is above it, their target below).
    let mut blocked: Vec<(f64, f64)> = Vec::new();
    for (u, used) in uses.iter().enumerate() {
        let (source_x, source_depth) = match used.source {
            Source::Stage(s) => (stages[s].rect.center_x(), Some(depths[s] + 1)),
            Source::Image(i) => (images[i].rect.center_x(), image_band[i].filter(|&b| b < depth).map(|b| b + 1)),
        };
        if source_depth.is_some_and(|top| top <= depth) && depths[used.target] >= depth {
            blocked.push((source_x.min(ports[u]), source_x.max(ports[u])));
        }
    }
    let first_port = |image: usize| uses.iter().position(|u| u.source == Source::Image(image)).map_or(MARGIN, |u| ports[u]);
    let mut order = in_band.to_vec();
    sorting::sort_by(&mut order, |&a, &b| first_port(a).total_cmp(&first_port(b)).then(a.cmp(&b)));
    let mut next_free = MARGIN;
    for image in order {
        let width = images[image].rect.width;
        let mut x = (first_port(image) - width / 2.0).max(next_free);
        while let Some(&(_, end)) = blocked.iter().find(|(start, end)| x - IMAGE_GAP < *end && *start < x + width + IMAGE_GAP) {
            x = end + IMAGE_GAP;
        }
        images[image].rect.x = x;
        next_free = x + width + IMAGE_GAP;
    }
}

/// Longest chain of stage dependencies below each stage (a stage only uses earlier ones).
fn depths(report: &Report) -> Vec<usize> {
    let mut depths = vec![0; report.stages.len()];
    for (index, stage) in report.stages.iter().enumerate() {
        depths[index] = stage.depends_on.iter().filter(|&&d| d < index).map(|&d| depths[d] + 1).max().unwrap_or(0);
    }
    depths
}

/// Columns within each depth: the first row in file order; deeper stages under the mean column
/// of what they use (fewer crossings), ties in file order.
fn lanes(report: &Report, depths: &[usize]) -> Vec<usize> {
    let mut lanes = vec![0; depths.len()];
    let max_depth = depths.iter().copied().max().unwrap_or(0);
    for depth in 0..=max_depth {
        let mut row: Vec<(f64, usize)> = (0..depths.len())
            .filter(|&s| depths[s] == depth)
            .map(|s| {
                let used: Vec<f64> =
                    report.stages[s].depends_on.iter().filter(|&&d| d < s).map(|&d| lanes[d] as f64).collect();
                let centre = if used.is_empty() { 0.0 } else { used.iter().sum::<f64>() / used.len() as f64 };
                (centre, s)
            })
            .collect();
        if depth > 0 {
            sorting::sort_by(&mut row, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        for (lane, (_, stage)) in row.into_iter().enumerate() {
            lanes[stage] = lane;
        }
    }
    lanes
}

/// The external images (each once) and every use of a stage or an image: `FROM image` from the
/// stage list, the rest from the model's edges.
fn uses(report: &Report) -> (Vec<String>, Vec<Use>) {
    let mut images: Vec<String> = Vec::new();
    let mut image_index = |reference: &str| match images.iter().position(|i| i == reference) {
        Some(index) => index,
        None => {
            images.push(reference.to_owned());
            images.len() - 1
        }
    };
    let mut uses = Vec::new();
    for stage in &report.stages {
        if stage.base_kind == "image" {
            uses.push(Use { kind: EdgeKind::From, source: Source::Image(image_index(&stage.base)), target: stage.index, line: stage.line });
        }
        for edge in report.model.edges.iter().filter(|e| e.stage == stage.index) {
            let source = if edge.image {
                Source::Image(image_index(&edge.source))
            } else {
                // A stage can only use an earlier one (BuildKit rejects the rest).
                match report.stages.iter().position(|s| s.name == edge.source) {
                    Some(index) if index < edge.stage => Source::Stage(index),
                    _ => continue,
                }
            };
            uses.push(Use { kind: edge.kind, source, target: edge.stage, line: edge.line });
        }
    }
    uses.retain(|u| u.target < report.stages.len());
    (images, uses)
}

/// Each edge leaves its source's bottom centre for its port on the target's top.
fn edges(uses: &[Use], ports: &[f64], stages: &[StageBox], images: &[ImageNode]) -> Vec<EdgeLine> {
    let mut lines: Vec<EdgeLine> = uses
        .iter()
        .zip(ports)
        .map(|(used, &port)| {
            let source = match used.source {
                Source::Stage(index) => stages[index].rect,
                Source::Image(index) => images[index].rect,
            };
            EdgeLine {
                kind: used.kind,
                source: used.source,
                target: used.target,
                line: used.line,
                from: Point { x: source.center_x(), y: source.bottom() },
                to: Point { x: port, y: stages[used.target].rect.y },
                label_row: 0,
                detour: None,
            }
        })
        .collect();
    let obstacles: Vec<Rect> = stages.iter().map(|s| s.rect).chain(images.iter().map(|i| i.rect)).collect();
    route(&mut lines, &obstacles);
    // An edge that comes down a column enters its target on the column's side: the ports of
    // the edges from stages are handed out again in the order the edges arrive, then routed
    // again (images keep their ports, which their band's placement used).
    for target in stages {
        let mut into: Vec<usize> =
            (0..lines.len()).filter(|&i| lines[i].target == target.stage && matches!(lines[i].source, Source::Stage(_))).collect();
        let mut ports: Vec<f64> = into.iter().map(|&i| lines[i].to.x).collect();
        sorting::sort_by(&mut ports, f64::total_cmp);
        let arrival = |line: &EdgeLine| line.detour.map_or(line.from.x, |d| d.x);
        sorting::sort_by(&mut into, |&a, &b| {
            arrival(&lines[a]).total_cmp(&arrival(&lines[b])).then(lines[a].line.cmp(&lines[b].line))
        });
        for (i, port) in into.into_iter().zip(ports) {
            lines[i].to.x = port;
        }
    }
    route(&mut lines, &obstacles);
    // A label is about 34 px wide: closer ports stagger theirs.
    for target in stages {
        let mut into: Vec<&mut EdgeLine> = lines.iter_mut().filter(|e| e.target == target.stage).collect();
        if target.rect.width / (into.len() as f64 + 1.0) < LABEL_ROOM {
            sorting::sort_by(&mut into, |a, b| a.to.x.total_cmp(&b.to.x));
            for (position, edge) in into.into_iter().enumerate() {
                edge.label_row = (position % 2) as u8;
            }
        }
    }
    sorting::sort_by_key(&mut lines, |e| (e.target, e.line));
    lines
}

/// Gives each edge that needs one a detour, apart from the detours given before it.
fn route(lines: &mut [EdgeLine], obstacles: &[Rect]) {
    let mut taken: Vec<Detour> = Vec::new();
    for line in lines {
        line.detour = detour(line.from, line.to, obstacles, &taken);
        taken.extend(line.detour);
    }
}

/// A free column for an edge from `from` to `to` when the boxes between its ends (those wholly
/// below `from` and above `to`) stand in its way: in a gap beside a box, nearest the straight
/// route, and not on a column `taken` by another edge over the same height. `None` when
/// nothing is in the way.
fn detour(from: Point, to: Point, obstacles: &[Rect], taken: &[Detour]) -> Option<Detour> {
    let between: Vec<&Rect> = obstacles.iter().filter(|r| r.y > from.y && r.bottom() < to.y).collect();
    let (left, right) = (from.x.min(to.x), from.x.max(to.x));
    let clear = |x0: f64, x1: f64, of: &[&Rect]| of.iter().all(|r| x1 + EDGE_CLEARANCE < r.x || x0 - EDGE_CLEARANCE > r.right());
    if clear(left, right, &between) {
        return None;
    }
    // The column runs from the middle of the gap under the source to the middle of the gap
    // over the target; the curves in and out bend inside those gaps.
    let top = between.iter().map(|r| r.y).fold(f64::INFINITY, f64::min) - BAND_GAP / 2.0;
    let bottom = between.iter().map(|r| r.bottom()).fold(f64::NEG_INFINITY, f64::max) + BAND_GAP / 2.0;
    let free = |x: f64| taken.iter().all(|t| (t.x - x).abs() >= EDGE_SPACING || t.bottom < top || t.top > bottom);
    let candidates = between.iter().flat_map(|r| [r.x - LANE_GAP / 2.0, r.right() + LANE_GAP / 2.0]).flat_map(|x| {
        [0.0, EDGE_SPACING, -EDGE_SPACING, 2.0 * EDGE_SPACING, 3.0 * EDGE_SPACING].map(|offset| x + offset)
    });
    let cost = |x: f64| (x - from.x).abs() + (x - to.x).abs();
    let x = candidates
        .filter(|&x| x >= MARGIN / 2.0 && clear(x, x, &between) && free(x))
        .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))?;
    Some(Detour { x, top, bottom })
}

/// Shortens `text` to `max` characters by cutting its middle (`gcr.io/…/static:nonroot`):
/// both ends of an image reference matter.
pub fn shorten_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max || max < 3 {
        return text.to_owned();
    }
    let keep = max - 1;
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// Shortens `text` to `max` characters at its end (`RUN apt-get update && apt-…`).
pub fn shorten_end(text: &str, max: usize) -> String {
    if text.chars().count() <= max || max < 2 {
        return text.to_owned();
    }
    let start: String = text.chars().take(max - 1).collect();
    format!("{}…", start.trim_end())
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;
    use crate::example::GO_WEB_APP;

    fn report(dockerfile: &str) -> Report {
        analyze(&Input { dockerfile: dockerfile.into(), skip_effects: true, ..Default::default() })
    }

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }

    fn stage_named<'a>(layout: &'a Layout, report: &Report, name: &str) -> &'a StageBox {
        let index = report.stages.iter().position(|s| s.name == name).unwrap();
        &layout.stages[index]
    }

    /// Every box, image and step row is apart from the others, and every edge runs downwards
    /// from its source's bottom to its target's top.
    fn assert_well_formed(layout: &Layout) {
        let mut rects: Vec<Rect> = layout.stages.iter().map(|s| s.rect).collect();
        rects.extend(layout.images.iter().map(|i| i.rect));
        for (i, a) in rects.iter().enumerate() {
            assert!(a.x >= 0.0 && a.y >= 0.0 && a.right() <= layout.width && a.bottom() <= layout.height, "{a:?} outside");
            for b in &rects[i + 1..] {
                assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
            }
        }
        for stage in &layout.stages {
            let last = stage.row_y(stage.steps.len());
            assert!(last <= stage.rect.bottom(), "rows overflow stage {}", stage.stage);
        }
        for image in &layout.images {
            for edge in layout.edges.iter().filter(|e| e.from.y < image.rect.y && e.to.y > image.rect.bottom()) {
                let (left, right) = (edge.from.x.min(edge.to.x), edge.from.x.max(edge.to.x));
                assert!(right < image.rect.x || left > image.rect.right(), "an edge into stage {} crosses {}", edge.target, image.reference);
            }
        }
        for edge in &layout.edges {
            let source = match edge.source {
                Source::Stage(index) => layout.stages[index].rect,
                Source::Image(index) => layout.images[index].rect,
            };
            let target = layout.stages[edge.target].rect;
            assert_eq!(edge.from, Point { x: source.center_x(), y: source.bottom() });
            assert_eq!(edge.to.y, target.y);
            assert!(edge.to.x > target.x && edge.to.x < target.right());
            assert!(edge.from.y < edge.to.y, "edge into stage {} runs upwards", edge.target);
            // No edge runs through a box or an image between its ends.
            let between: Vec<&Rect> = rects.iter().filter(|r| r.y > edge.from.y && r.bottom() < edge.to.y).collect();
            let (left, right) = match edge.detour {
                None => (edge.from.x.min(edge.to.x), edge.from.x.max(edge.to.x)),
                Some(detour) => {
                    assert!(edge.from.y < detour.top && detour.top < detour.bottom && detour.bottom < edge.to.y, "{detour:?}");
                    assert!(between.iter().all(|r| r.y > detour.top && r.bottom() < detour.bottom), "a box where the edge bends");
                    assert!(detour.x > 0.0 && detour.x < layout.width, "{detour:?} outside");
                    (detour.x, detour.x)
                }
            };
            for r in between {
                assert!(right < r.x || left > r.right(), "the edge into stage {} runs through {r:?}", edge.target);
            }
        }
        let detours: Vec<Detour> = layout.edges.iter().filter_map(|e| e.detour).collect();
        for (i, a) in detours.iter().enumerate() {
            for b in &detours[i + 1..] {
                let overlap = a.top <= b.bottom && b.top <= a.bottom;
                assert!(!overlap || (a.x - b.x).abs() >= EDGE_SPACING, "two detours on one column: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_go_example_is_two_stages_in_one_lane_with_their_images() {
        let report = report(GO_WEB_APP);
        let layout = layout(&report);
        assert_well_formed(&layout);
        let (build, last) = (&layout.stages[0], &layout.stages[1]);
        assert_eq!((build.depth, last.depth), (0, 1));
        assert_eq!((build.lane, last.lane), (0, 0));
        assert!(build.rect.bottom() < last.rect.y);
        assert_eq!(build.steps.len(), 5);
        assert_eq!(last.steps.len(), 4);
        let references: Vec<&str> = layout.images.iter().map(|i| i.reference.as_str()).collect();
        assert_eq!(references, ["golang:1.23-bookworm", "gcr.io/distroless/static-debian12:nonroot"]);
        let edges: Vec<(EdgeKind, Source, usize, usize)> =
            layout.edges.iter().map(|e| (e.kind, e.source, e.target, e.line)).collect();
        assert_eq!(
            edges,
            [
                (EdgeKind::From, Source::Image(0), 0, 5),
                (EdgeKind::From, Source::Image(1), 1, 13),
                (EdgeKind::CopyFrom, Source::Stage(0), 1, 14),
            ]
        );
        // The distroless image sits in the band just above the stage built on it.
        let distroless = layout.images[1].rect;
        assert!(distroless.y > build.rect.bottom() && distroless.bottom() < last.rect.y);
    }

    #[test]
    fn independent_stages_get_parallel_lanes_and_the_final_stage_goes_below_both() {
        let report = report(
            "FROM golang:1.22 AS backend\nRUN go build -o /api .\nFROM node:20 AS frontend\nRUN npm ci\nRUN npm run build\nFROM alpine\nCOPY --from=backend /api /api\nCOPY --from=frontend /dist /www\n",
        );
        let layout = layout(&report);
        assert_well_formed(&layout);
        let backend = stage_named(&layout, &report, "backend");
        let frontend = stage_named(&layout, &report, "frontend");
        let last = stage_named(&layout, &report, "stage-2");
        assert_eq!(backend.rect.y, frontend.rect.y, "independent stages share a row");
        assert!(backend.rect.right() < frontend.rect.x, "and sit side by side");
        assert_eq!((backend.lane, frontend.lane, last.lane), (0, 1, 0));
        assert!(last.rect.y > backend.rect.bottom().max(frontend.rect.bottom()));
        // The fan-in sits centred under its two sources.
        let middle = (backend.rect.center_x() + frontend.rect.center_x()) / 2.0;
        assert!((last.rect.center_x() - middle).abs() < 0.01, "{last:?}");
        // The two COPY --from edges enter the final stage left to right, like their sources.
        let copies: Vec<&EdgeLine> = layout.edges.iter().filter(|e| e.kind == EdgeKind::CopyFrom).collect();
        assert_eq!(copies.len(), 2);
        assert!(copies[0].to.x < copies[1].to.x);
        assert_eq!(copies[0].source, Source::Stage(backend.stage));
        assert!(layout.edges.iter().all(|e| e.label_row == 0), "three ports have room for their labels");
    }

    #[test]
    fn an_image_used_twice_is_one_node_and_mounts_and_copies_from_images_are_edges() {
        let report = report(
            "FROM alpine:3.20 AS base\nRUN apk add curl\nFROM alpine:3.20 AS tools\nRUN --mount=from=busybox:1,target=/b true\nFROM base\nRUN --mount=type=bind,from=tools,source=/x,target=/y true\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
        );
        let layout = layout(&report);
        assert_well_formed(&layout);
        let alpine: Vec<&ImageNode> = layout.images.iter().filter(|i| i.reference == "alpine:3.20").collect();
        assert_eq!(alpine.len(), 1);
        let kinds = |kind| layout.edges.iter().filter(|e| e.kind == kind).count();
        assert_eq!(kinds(EdgeKind::From), 3, "alpine twice and FROM base");
        assert_eq!(kinds(EdgeKind::MountFrom), 2, "busybox and tools");
        assert_eq!(kinds(EdgeKind::CopyFrom), 1);
        assert!(layout.edges.iter().any(|e| e.kind == EdgeKind::MountFrom && matches!(e.source, Source::Image(_))));
    }

    #[test]
    fn labels_of_closely_spaced_edges_alternate_heights() {
        let report = report("FROM alpine AS a
FROM alpine AS b
FROM alpine AS c
FROM alpine AS d
FROM scratch
COPY --from=a / /
COPY --from=b / /
COPY --from=c / /
COPY --from=d / /
COPY --from=nginx / /
");
        let layout = layout(&report);
        assert_well_formed(&layout);
        let mut into_last: Vec<&EdgeLine> = layout.edges.iter().filter(|e| e.target == 4).collect();
        into_last.sort_by(|a, b| a.to.x.total_cmp(&b.to.x));
        assert_eq!(into_last.len(), 5);
        assert!(into_last.windows(2).all(|w| w[0].label_row != w[1].label_row), "{into_last:?}");
        assert!(into_last.iter().all(|e| e.label_at().y > e.from.y), "labels stay below their sources");
    }

    #[test]
    fn an_unused_stage_is_laid_out_too_and_a_long_chain_goes_deeper() {
        let report = report("FROM alpine AS a\nFROM a AS b\nFROM b AS c\nFROM alpine AS unused\nRUN true\nFROM c\n");
        let layout = layout(&report);
        assert_well_formed(&layout);
        let depth = |name| stage_named(&layout, &report, name).depth;
        assert_eq!((depth("a"), depth("b"), depth("c"), depth("stage-4")), (0, 1, 2, 3));
        assert_eq!(depth("unused"), 0);
        assert!(!report.stages[3].needed);
        assert_eq!(stage_named(&layout, &report, "unused").lane, 1);
    }

    #[test]
    fn an_edge_past_deeper_stages_goes_around_them() {
        let report = report(
            "FROM alpine:3.20 AS base\nRUN apk add curl\nFROM base AS deps\nRUN echo deps\nFROM deps AS build\nRUN echo build\nFROM base AS runtime\nCOPY --from=build /out /out\n",
        );
        let layout = layout(&report);
        assert_well_formed(&layout);
        let (base, build, runtime) =
            (stage_named(&layout, &report, "base"), stage_named(&layout, &report, "build"), stage_named(&layout, &report, "runtime"));
        assert_eq!((base.depth, build.depth, runtime.depth), (0, 2, 3));
        assert_eq!(base.rect.x, runtime.rect.x, "one lane: the straight way down runs through deps and build");
        let from_base = layout.edges.iter().find(|e| e.source == Source::Stage(base.stage) && e.target == runtime.stage).unwrap();
        let detour = from_base.detour.expect("FROM base goes around deps and build");
        assert!(detour.x > build.rect.right() || detour.x < build.rect.x, "{detour:?}");
        assert!(from_base.path().contains('L'), "{}", from_base.path());
        let from_build = layout.edges.iter().find(|e| e.source == Source::Stage(build.stage)).unwrap();
        assert_eq!(from_build.detour, None, "the next band down needs no detour");
    }

    /// Every real-world Dockerfile of ../shared/corpus (repository/file/Dockerfile) lays out
    /// with nothing overlapping and no edge through a box.
    #[test]
    fn every_real_world_graph_is_well_formed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-world");
        let Ok(repositories) = std::fs::read_dir(&root) else {
            println!("skipped: ../shared corpus not found at {}", root.display());
            return;
        };
        let files: Vec<_> = repositories
            .flatten()
            .flat_map(|repository| std::fs::read_dir(repository.path()).into_iter().flatten().flatten())
            .map(|case| case.path().join("Dockerfile"))
            .filter(|path| path.is_file())
            .collect();
        assert!(files.len() > 300, "{} files", files.len());
        let mut detours = 0;
        for path in &files {
            let layout = layout(&report(&std::fs::read_to_string(path).unwrap()));
            assert_well_formed(&layout);
            detours += layout.edges.iter().filter(|e| e.detour.is_some()).count();
        }
        println!("{} graphs well formed, {detours} edges go around boxes", files.len());
    }

    #[test]
    fn an_empty_or_broken_file_lays_out_without_panicking() {
        for text in ["", "RUN true\n", "FROM\nCOPY --from=nowhere / /\n", "FROM scratch\nCOPY --from=0 / /\n"] {
            let layout = layout(&report(text));
            assert_well_formed(&layout);
        }
    }

    #[test]
    fn long_names_are_shortened_where_it_matters() {
        assert_eq!(shorten_middle("gcr.io/distroless/static-debian12:nonroot", 20), "gcr.io/dis…2:nonroot");
        assert_eq!(shorten_middle("alpine", 20), "alpine");
        assert_eq!(shorten_end("RUN apt-get update && apt-get install", 16), "RUN apt-get upd…");
        assert_eq!(shorten_end("COPY . .", 16), "COPY . .");
        assert_eq!(shorten_middle("gcr.io/distroless/static-debian12:nonroot", 20).chars().count(), 20);
    }
}
