//! Errors as the app shows them. An EC2 failure keeps EC2's code, message and request id for
//! support, and has a kind the UI explains in plain words in every language.

use serde::{Deserialize, Serialize};

use crate::model::{AccountProblem, GroupSetProblem, Role, Rule, RuleChanges, Step, TagChanges};

/// What went wrong, in terms a person can act on. Each kind has a message in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ec2ErrorKind {
    InvalidValue,
    MissingValue,
    GroupDuplicate,
    GroupNotFound,
    GroupIdMalformed,
    RuleDuplicate,
    RuleNotFound,
    RuleLimit,
    GroupInUse,
    DefaultGroup,
    VpcNotFound,
    InstanceNotFound,
    InstanceState,
    GroupsPerInterface,
    PrefixListNotFound,
    NotAllowed,
    RegionDisabled,
    Credentials,
    Throttled,
    DryRun,
    Unavailable,
    Timeout,
    Unreachable,
    Other,
}

impl Ec2ErrorKind {
    /// The kind for one of EC2's error codes.
    pub fn from_code(code: &str) -> Self {
        use Ec2ErrorKind::*;
        match code {
            "InvalidParameterValue" | "InvalidParameter" | "InvalidParameterCombination" => InvalidValue,
            "MissingParameter" => MissingValue,
            "InvalidGroup.Duplicate" => GroupDuplicate,
            "InvalidGroup.NotFound" => GroupNotFound,
            "InvalidGroupId.Malformed" => GroupIdMalformed,
            "InvalidPermission.Duplicate" => RuleDuplicate,
            "InvalidPermission.NotFound" | "InvalidSecurityGroupRuleId.NotFound" => RuleNotFound,
            "RulesPerSecurityGroupLimitExceeded" => RuleLimit,
            "DependencyViolation" => GroupInUse,
            "CannotDelete" => DefaultGroup,
            "InvalidVpcID.NotFound" => VpcNotFound,
            "InvalidInstanceID.NotFound" => InstanceNotFound,
            "IncorrectInstanceState" => InstanceState,
            "SecurityGroupsPerInterfaceLimitExceeded" => GroupsPerInterface,
            "InvalidPrefixListID.NotFound" => PrefixListNotFound,
            "UnauthorizedOperation" => NotAllowed,
            "OptInRequired" => RegionDisabled,
            "AuthFailure" | "InvalidClientTokenId" | "SignatureDoesNotMatch" | "ExpiredToken" => Credentials,
            "RequestLimitExceeded" | "Throttling" => Throttled,
            "DryRunOperation" => DryRun,
            "InternalError" | "Unavailable" | "ServiceUnavailable" => Unavailable,
            _ => Other,
        }
    }
}

/// An EC2 call that failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Ec2Error {
    pub kind: Ec2ErrorKind,
    /// EC2's error code, or a name for a failure with none (`Timeout`, `Unreachable`).
    pub code: String,
    /// EC2's own message, for support.
    pub message: String,
    pub request_id: Option<String>,
}

impl Ec2Error {
    /// A failure EC2 never answered, so with no code or request id of EC2's: `Timeout` or
    /// `Unreachable`, say.
    pub fn unanswered(kind: Ec2ErrorKind, code: &str, message: String) -> Self {
        Ec2Error { kind, code: code.to_owned(), message, request_id: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(Ec2ErrorKind::from_code("DependencyViolation"), Ec2ErrorKind::GroupInUse);
        assert_eq!(Ec2ErrorKind::from_code("RequestLimitExceeded"), Ec2ErrorKind::Throttled);
        assert_eq!(Ec2ErrorKind::from_code("InvalidSecurityGroupRuleId.NotFound"), Ec2ErrorKind::RuleNotFound);
        assert_eq!(Ec2ErrorKind::from_code("SomethingNew"), Ec2ErrorKind::Other);
    }
}

/// The error of every server function: what failed, and the console's own id of the request
/// (its `x-request-id`, on every log line of the request) once the server has logged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{failure}")]
pub struct AppError {
    pub failure: Failure,
    pub request_id: Option<String>,
}

/// What failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Failure {
    #[error("EC2 failed: {0}")]
    Ec2(Ec2Error),
    #[error("region {0} is not enabled in this console")]
    UnknownRegion(String),
    /// The server could not be reached or answered something unreadable.
    #[error("the server could not be reached: {0}")]
    Transport(String),
    /// The server could not read the request: missing or malformed fields, not UTF-8, too big
    /// (400). Pages never send such a request; a hand-made or truncated one does.
    #[error("the request could not be read: {0}")]
    BadRequest(String),
    /// No one is signed in (401).
    #[error("sign in first")]
    SignedOut,
    /// The signed-in person's role does not allow this (403).
    #[error("this needs the {needs} role")]
    Forbidden { needs: Role },
    /// A change sent from a page of another site (403).
    #[error("the request did not come from this console's own pages")]
    CrossOrigin,
    /// The audit entry could not be written, so nothing was changed (503).
    #[error("the audit log could not be written, so nothing was changed: {0}")]
    AuditUnavailable(String),
    #[error("{0}")]
    Account(AccountError),
    /// Fields of the form have problems, each shown under its field (422).
    #[error("{0} fields of the form need fixing")]
    FormProblems(usize),
    /// The form changes nothing (422).
    #[error("there are no changes to save")]
    NothingToSave,
    /// A delete whose confirmation word was not typed (422).
    #[error("the deletion was not confirmed")]
    NotConfirmed,
    /// The rules changed since the editor was opened (another person, another tab): nothing was
    /// saved (409).
    #[error("the rules changed since the editor was opened, so nothing was saved")]
    RulesChanged(RuleChanges),
    /// Rules chosen on a page are no longer in the group: nothing was changed (409).
    #[error("these rules are no longer in the group: {}", .0.join(", "))]
    RulesGone(Vec<String>),
    /// The tags changed since the form was opened: nothing was saved (409).
    #[error("the tags changed since the form was opened, so nothing was saved")]
    TagsChanged(TagChanges),
    /// A change of several EC2 calls failed after some were made (502).
    #[error("{0}")]
    PartlyApplied(Box<PartlyApplied>),
    /// A new group's rules could not all be made (502).
    #[error("{0}")]
    NotCreated(Box<NotCreated>),
    /// The chosen set of security groups cannot be saved (422).
    #[error("the chosen security groups cannot be saved: {0:?}")]
    GroupSet(GroupSetProblem),
    /// An instance in a state whose groups EC2 does not change (409).
    #[error("the instance is {0}; its groups change only while it is running or stopped")]
    InstanceNotChangeable(String),
    /// A launch template version whose groups are set on its network interfaces (422).
    #[error("the version sets its groups on its network interfaces")]
    GroupsOnInterfaces,
    /// A launch template version was made but EC2 refused to make it the default (502).
    #[error("version {version} was created but not made the default: {error}")]
    NotMadeDefault { version: i64, error: Ec2Error },
}

impl Failure {
    /// A short code for the failure, for support and the audit log: EC2's own, or the
    /// console's for what it refused itself.
    pub fn code(&self) -> String {
        let own = match self {
            Failure::Ec2(e) => return e.code.clone(),
            Failure::PartlyApplied(partly) => return partly.error.code.clone(),
            Failure::NotCreated(not) => return not.error.code.clone(),
            Failure::NotMadeDefault { error, .. } => return error.code.clone(),
            Failure::GroupSet(_) => "InvalidGroupSet",
            Failure::InstanceNotChangeable(_) => "IncorrectInstanceState",
            Failure::GroupsOnInterfaces => "GroupsOnInterfaces",
            Failure::BadRequest(_) => "BadRequest",
            Failure::Account(AccountError::UnknownUser(_)) => "UnknownUser",
            Failure::Account(AccountError::NameTaken(_)) => "NameTaken",
            Failure::Account(AccountError::Invalid(_)) => "InvalidValue",
            Failure::Account(AccountError::LastAdmin) => "LastAdmin",
            Failure::Account(AccountError::Database(_)) => "DatabaseError",
            Failure::FormProblems(_) => "InvalidInput",
            Failure::NothingToSave => "NothingToSave",
            Failure::NotConfirmed => "NotConfirmed",
            Failure::RulesChanged(_) | Failure::RulesGone(_) | Failure::TagsChanged(_) => "ChangedMeanwhile",
            _ => "ConsoleError",
        };
        own.to_owned()
    }
}

/// A new group whose rules could not all be made: deleted again, or (`deleted` false) left
/// unfinished because the delete failed too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("the group {group_id} could not be finished ({error}); deleted again: {deleted}")]
pub struct NotCreated {
    pub error: Ec2Error,
    pub group_id: String,
    pub deleted: bool,
}

/// A change of several EC2 calls that failed part way: exactly what was made and what was not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("made: {}; failed: {failed} ({error}); not made: {}", list(done), list(not_done))]
pub struct PartlyApplied {
    pub done: Vec<Step>,
    pub failed: Step,
    pub not_done: Vec<Step>,
    pub error: Ec2Error,
    /// The direction's rules as they are now, read after the failure (`None` if that read
    /// failed too).
    pub rules_now: Option<Vec<Rule>>,
}

fn list(steps: &[Step]) -> String {
    if steps.is_empty() {
        return "nothing".into();
    }
    steps.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// A change to the accounts that could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AccountError {
    #[error("there is no account named {0}")]
    UnknownUser(String),
    #[error("the user name {0} is taken")]
    NameTaken(String),
    #[error("{0}")]
    Invalid(AccountProblem),
    #[error("that would leave no active admin: make another account an admin first")]
    LastAdmin,
    #[error("the console's database failed: {0}")]
    Database(String),
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> Self {
        Failure::Account(error).into()
    }
}

impl From<Failure> for AppError {
    fn from(failure: Failure) -> Self {
        AppError { failure, request_id: None }
    }
}

impl From<Ec2Error> for AppError {
    fn from(error: Ec2Error) -> Self {
        Failure::Ec2(error).into()
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(error: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        // On the server, these come only from reading the request (its body, its arguments):
        // the client's fault, a 400 that says what could not be read, never a 500.
        #[cfg(feature = "ssr")]
        {
            use leptos::server_fn::error::ServerFnErrorErr::*;
            if let Request(_) | Args(_) | MissingArg(_) | Deserialization(_) | UnsupportedRequestMethod(_) = &error {
                return crate::api::refused(Failure::BadRequest(error.to_string()));
            }
        }
        Failure::Transport(error.to_string()).into()
    }
}
