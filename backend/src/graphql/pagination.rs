//! The GraphQL side of paging: the page argument, the page's end, and a page of each context's
//! items. Services page with `infra::paging`; resolvers convert at the edge.

use async_graphql::{InputObject, SimpleObject};

use crate::infra::paging::{self, PageRequest};

#[derive(InputObject, Default, Clone, Debug)]
pub struct PageInput {
    /// How many items, 1–200 (default 50).
    pub first: Option<i32>,
    /// The `endCursor` of the previous page.
    pub after: Option<String>,
}

impl PageInput {
    /// The request as services take it.
    pub fn request(&self) -> PageRequest {
        PageRequest { first: self.first, after: self.after.clone() }
    }
}

#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

impl From<paging::PageInfo> for PageInfo {
    fn from(info: paging::PageInfo) -> Self {
        Self { has_next_page: info.has_next_page, end_cursor: info.end_cursor }
    }
}

/// Declares a context's page of items (`OrganizationPage` of `Organization`...) in that
/// context's GraphQL module, with the one shape every page has.
macro_rules! page_of {
    ($page:ident, $item:ty) => {
        /// One page of items.
        #[derive(async_graphql::SimpleObject)]
        pub struct $page {
            pub nodes: Vec<$item>,
            pub page_info: $crate::graphql::pagination::PageInfo,
        }

        impl $page {
            pub fn of(nodes: Vec<$item>, page_info: $crate::infra::paging::PageInfo) -> Self {
                Self { nodes, page_info: page_info.into() }
            }
        }
    };
}
pub(crate) use page_of;
