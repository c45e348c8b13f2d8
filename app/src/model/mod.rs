//! The app's own types and pure logic, shared by the server and the browser. No I/O here:
//! the same code validates in a form as the user types and on the server.

mod account;
mod audit;
mod backend;
mod group;
mod listing;
mod rule;
mod rule_type;

pub use account::{Account, AccountProblem, MIN_PASSWORD_CHARS, Role, User, check_password, check_user_name};
pub use audit::{Action, ActivityPage, ActivityQuery, AuditEntry, Outcome};
pub use backend::Backend;
pub use group::{GroupSummary, SecurityGroup, Tag, Vpc};
pub use listing::{GroupPage, ListQuery, SortKey, encode_query_value};
pub use rule::{Direction, Peer, Ports, Protocol, Rule};
pub use rule_type::{IcmpType, RuleType};
