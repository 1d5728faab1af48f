//! Telling a document that asks only for the schema itself from every other one.
//!
//! The standard introspection query that GraphiQL, graphql-codegen, gql-cli, graphql-inspector
//! and Apollo's tools send nests `ofType` seven to nine levels deep, past any depth limit that
//! suits the API's own data. Such a document reads only the schema (finite, the same for every
//! caller), so it runs under a depth limit of its own; everything else keeps the configured one.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// The depth a schema-only document may reach: room for every standard introspection query
/// (about 14 levels), still a bound.
pub const INTROSPECTION_MAX_DEPTH: usize = 32;

/// Whether every operation of `query` selects only meta fields (`__schema`, `__type`,
/// `__typename`) at its root, through fragments too. Unparsable text is not (the engine
/// answers it with its own error).
pub fn asks_only_for_the_schema(query: &str) -> bool {
    if !query.contains("__schema") && !query.contains("__type") {
        return false;
    }
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    let mut operations = document.operations.iter().peekable();
    operations.peek().is_some()
        && operations.all(|(_, operation)| only_meta_fields(&operation.node.selection_set.node, &document, 0))
}

fn only_meta_fields(set: &SelectionSet, document: &ExecutableDocument, hops: usize) -> bool {
    // Fragments may spread each other; the engine refuses cycles, this only has to stop.
    hops < 16
        && set.items.iter().all(|item| match &item.node {
            Selection::Field(field) => field.node.name.node.starts_with("__"),
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .is_some_and(|f| only_meta_fields(&f.node.selection_set.node, document, hops + 1)),
            Selection::InlineFragment(inline) => only_meta_fields(&inline.node.selection_set.node, document, hops + 1),
        })
}

#[cfg(test)]
mod tests {
    use super::asks_only_for_the_schema;

    #[test]
    fn only_documents_that_read_nothing_but_the_schema_qualify() {
        assert!(asks_only_for_the_schema("query IntrospectionQuery { __schema { types { name } } }"));
        assert!(asks_only_for_the_schema("{ ...F } fragment F on Query { __type(name: \"Appeal\") { name } }"));
        assert!(asks_only_for_the_schema("{ __typename ... on Query { __schema { queryType { name } } } }"));
        assert!(!asks_only_for_the_schema("{ __schema { types { name } } appeals { totalCount } }"));
        assert!(!asks_only_for_the_schema("query A { __schema { types { name } } } query B { me { login } }"));
        assert!(!asks_only_for_the_schema("{ ...F } fragment F on Query { me { login } __typename }"));
        assert!(!asks_only_for_the_schema("{ __schema { types { name } "));
        assert!(!asks_only_for_the_schema("{ me { login } }"));
    }
}
