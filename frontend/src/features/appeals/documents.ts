// Operations that more than one screen of the appeals feature uses; a screen's own operations
// live next to it.
import { graphql } from "../../gql";

/** One row of an appeal list: the queue, the callbacks, the supervisor's board. */
export const AppealRowFragment = graphql(`
  fragment AppealRow on Appeal {
    id number status channel registeredAt dueAt overdue systemic address description lat lon routingReason
    serviceType { names { kk ru en } }
    organization { names { kk ru en } }
  }
`);

export const QueueDocument = graphql(`
  query Queue($filter: AppealFilter!, $after: String, $first: Int) {
    appeals(filter: $filter, page: { first: $first, after: $after }) {
      nodes { ...AppealRow }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const LinkDocument = graphql(`
  mutation Link($id: ID!, $parent: ID!) {
    linkAppeal(id: $id, parentId: $parent) { id parentId }
  }
`);

/** A file attached to an appeal: staff on the appeal's page, a resident with the photo of a new appeal. */
export const UploadDocument = graphql(`
  mutation Upload($appealId: ID!, $file: Upload!) {
    uploadAttachment(appealId: $appealId, file: $file) { id fileName }
  }
`);
