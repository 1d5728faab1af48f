// Lint: the boundaries between the frontend's layers (docs/frontend.md, "Layout").
//
//   src/app/         shells and routes: may import anything
//   src/features/X/  one feature's screens, documents and hooks: never another feature, never the app
//   src/components/, src/api/, src/i18n/, src/tenant/
//                    the shared layer: never a feature, never the app
//
// Imports are resolved as TypeScript resolves them (relative paths, and any alias the tsconfig
// declares), so a rule holds whatever spelling an import uses. The feature rules are made from
// the folders under src/features/: a new feature is covered when it is created.
//
// Besides, React's two rules of hooks (the code's `eslint-disable` comments name the second).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const root = fileURLToPath(new URL(".", import.meta.url));

const features = readdirSync(new URL("./src/features/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const shared = ["./src/api", "./src/components", "./src/i18n", "./src/tenant"];

const zones = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: "./src/features",
    except: [`./${feature}`],
    message:
      `A feature does not import another: features/${feature} may use its own files and the shared layer ` +
      "(src/components, src/api, src/i18n, src/tenant). Move what two features share there, or let src/app put them together.",
  })),
  {
    target: "./src/features",
    from: "./src/app",
    message: "A feature does not import the app (its shells and routes): the app imports the features.",
  },
  {
    target: shared,
    from: ["./src/features", "./src/app"],
    message: "The shared layer (src/components, src/api, src/i18n, src/tenant) imports no feature and not the app.",
  },
];

export default [
  { ignores: ["dist/", "src/gql/"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    plugins: { "import-x": importX, "react-hooks": reactHooks },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}tsconfig.json` })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: root, zones }],
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
];
