//! How sizes, times and effects read on the page. Decimal units, as `docker images` shows them.

/// "812 MB", "15.6 MB", "980 kB", "512 B".
pub fn bytes(bytes: u64) -> String {
    let value = bytes as f64;
    if bytes >= 100_000_000 {
        format!("{:.0} MB", value / 1e6)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", value / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.0} kB", value / 1e3)
    } else {
        format!("{bytes} B")
    }
}

/// A saving or a cost: "−812 MB", "+2.1 MB".
pub fn signed_bytes(saved: i64) -> String {
    let sign = if saved >= 0 { "−" } else { "+" };
    format!("{sign}{}", bytes(saved.unsigned_abs()))
}

/// "4.2 s", "1 min 12 s".
pub fn seconds(seconds: f64) -> String {
    if seconds >= 60.0 {
        let whole = seconds.round() as u64;
        format!("{} min {} s", whole / 60, whole % 60)
    } else {
        format!("{seconds:.1} s")
    }
}

/// "1 step", "3 steps".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An instruction as written, on one line, from the file's `lines` (1-based `line`):
/// `RUN apt-get update &&` for a continued one.
pub fn instruction_text(lines: &[&str], line: usize) -> String {
    let text = lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
    text.trim().trim_end_matches('\\').split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_docker_images() {
        assert_eq!(bytes(812_400_000), "812 MB");
        assert_eq!(bytes(15_620_000), "15.6 MB");
        assert_eq!(bytes(980_200), "980 kB");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(signed_bytes(812_400_000), "−812 MB");
        assert_eq!(signed_bytes(-2_100_000), "+2.1 MB");
    }

    #[test]
    fn instructions_read_on_one_line() {
        let lines = ["FROM alpine", "RUN apk add \\", "    curl", "  COPY  a   b "];
        assert_eq!(instruction_text(&lines, 2), "RUN apk add");
        assert_eq!(instruction_text(&lines, 4), "COPY a b");
        assert_eq!(instruction_text(&lines, 0), "");
        assert_eq!(instruction_text(&lines, 9), "");
    }

    #[test]
    fn times_and_counts() {
        assert_eq!(seconds(4.24), "4.2 s");
        assert_eq!(seconds(72.4), "1 min 12 s");
        assert_eq!(count(1, "step", "steps"), "1 step");
        assert_eq!(count(3, "step", "steps"), "3 steps");
    }
}
