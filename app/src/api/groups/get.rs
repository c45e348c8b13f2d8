use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{SecurityGroup, Vpc};

/// A security group with its rules (with their ids and the names of the groups and prefix lists
/// they name), and its VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDetail {
    pub region: String,
    pub group: SecurityGroup,
    pub vpc: Option<Vpc>,
}

#[server]
pub async fn get_group(region: String, id: String) -> Result<GroupDetail, AppError> {
    use tracing::Instrument;

    use crate::api::{failed, region_ec2};

    // The span puts the group's id on the failure's log line.
    let span = tracing::info_span!("get_group", sg.id = %id);
    async move {
        let ec2 = region_ec2(&region).map_err(|e| failed(e, &region, "reading a security group"))?;
        let (group, vpc) =
            ec2.security_group(&id).await.map_err(|e| failed(e.into(), &region, "reading a security group"))?;
        Ok(GroupDetail { region, group, vpc })
    }
    .instrument(span)
    .await
}
