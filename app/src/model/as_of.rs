//! When the data a page shows was read from EC2: pages built from a region's shared snapshot say
//! "as of 12:03:05" and offer to read again.

use serde::{Deserialize, Serialize};

/// The time a snapshot's read of EC2 began, in milliseconds since the Unix epoch: what it shows
/// is at least this recent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AsOf(pub i64);

impl AsOf {
    /// The time of day in UTC, `12:03:05 UTC`: the same text on the server and in the browser,
    /// whose own time zone the server does not know.
    pub fn clock(self) -> String {
        let seconds = self.0.div_euclid(1000).rem_euclid(86_400);
        format!("{:02}:{:02}:{:02} UTC", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// The URL parameter that asks for a read newer than this one.
    pub fn refresh_param(self) -> String {
        self.0.to_string()
    }

    /// The URL's `refresh` parameter, when it is a time.
    pub fn parse(param: &str) -> Option<AsOf> {
        param.parse().ok().map(AsOf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_the_utc_time_of_day() {
        // 2026-12-04T12:03:05.250Z
        assert_eq!(AsOf(1_796_385_785_250).clock(), "12:03:05 UTC");
        assert_eq!(AsOf(0).clock(), "00:00:00 UTC");
    }

    #[test]
    fn refresh_param_round_trips() {
        let at = AsOf(1_796_385_785_250);
        assert_eq!(AsOf::parse(&at.refresh_param()), Some(at));
        assert_eq!(AsOf::parse("soon"), None);
    }
}
