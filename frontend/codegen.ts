// GraphQL types for the app, generated from the schema on file (docs/schema.graphql, which a
// backend test keeps equal to the server's).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../docs/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "./src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", NaiveDate: "string", ID: "string", Upload: "File" },
      },
    },
  },
};

export default config;
