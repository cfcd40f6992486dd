//! Size simulation (work in progress).

#[cfg(test)]
mod probe {
    use crate::sizes::db;
    use std::collections::HashSet;
    #[test]
    fn probe_closures() {
        let d = db();
        for (base, pkgs) in [
            ("bookworm-slim", "ca-certificates curl gnupg netbase sq wget"),
            ("bpd-curl", "git mercurial openssh-client subversion procps"),
            ("bpd-scm", "g++ gcc libc6-dev make pkg-config"),
            ("bpd-scm", "autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev"),
        ] {
            let b = d.apt_base(base).unwrap();
            let have: HashSet<&str> = b.installed.iter().copied().collect();
            let list: Vec<&str> = pkgs.split_whitespace().collect();
            let c = d.apt_closure(&list, &|p| have.contains(p), false);
            let idx = d.apt();
            let mut inst_all = 0u64; let mut slim=0u64;
            for n in &c.added { let p = idx.get(n).unwrap(); inst_all += p.installed_kib*1024; slim += p.slim_bytes; }
            let extra = inst_all.saturating_sub(slim);
            println!("  inst_kib_total={} slim={} extra_docs={} est_gz_full={}", inst_all, slim, extra, c.compressed_bytes + (extra as f64*0.57) as u64);
            println!("{base} + [{pkgs:.40}]: n={} inst={} gz={} est={} unknown={:?}", c.added.len(), c.installed_bytes, c.compressed_bytes, c.estimated_count, c.unknown);
        }
    }
}
