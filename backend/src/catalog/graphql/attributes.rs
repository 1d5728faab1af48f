//! The GraphQL shape of a service type's questions (Open311 attributes), converted at the
//! resolver to and from `catalog::attributes`.

use async_graphql::{Enum, InputObject, SimpleObject};

use crate::catalog::attributes::{self as domain};
use crate::i18n::LocalizedText;

/// The datatypes of Open311 GeoReport v2.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "AttributeType", remote = "crate::catalog::attributes::AttributeType")]
pub enum AttributeTypeGql {
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

/// One choice of a list attribute.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(name = "AttributeValue", input_name = "AttributeValueInput")]
pub struct AttributeValueGql {
    pub key: String,
    pub name: LocalizedText,
}

/// A question of a service type; its order is its place in the list.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(name = "ServiceAttribute", input_name = "ServiceAttributeInput")]
pub struct ServiceAttributeGql {
    pub code: String,
    pub datatype: AttributeTypeGql,
    /// False: an explanation shown to the resident, not a question.
    #[graphql(default = true)]
    pub variable: bool,
    #[graphql(default)]
    pub required: bool,
    pub description: LocalizedText,
    /// How to answer, e.g. "the number painted on the pole".
    pub datatype_description: Option<LocalizedText>,
    /// The choices of a list attribute.
    #[graphql(default)]
    pub values: Vec<AttributeValueGql>,
}

impl From<domain::ServiceAttribute> for ServiceAttributeGql {
    fn from(a: domain::ServiceAttribute) -> Self {
        Self {
            code: a.code,
            datatype: a.datatype.into(),
            variable: a.variable,
            required: a.required,
            description: a.description,
            datatype_description: a.datatype_description,
            values: a.values.into_iter().map(|v| AttributeValueGql { key: v.key, name: v.name }).collect(),
        }
    }
}

impl From<ServiceAttributeGql> for domain::ServiceAttribute {
    fn from(a: ServiceAttributeGql) -> Self {
        Self {
            code: a.code,
            datatype: a.datatype.into(),
            variable: a.variable,
            required: a.required,
            description: a.description,
            datatype_description: a.datatype_description,
            values: a.values.into_iter().map(|v| domain::AttributeValue { key: v.key, name: v.name }).collect(),
        }
    }
}
