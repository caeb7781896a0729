import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The Node.js globals our plain JavaScript files use (scripts, the bin, test client scripts).
const node = Object.fromEntries(
  [
    "process",
    "console",
    "Buffer",
    "require",
    "module",
    "__dirname",
    "__filename",
    "setTimeout",
    "clearTimeout",
    "URL",
    "fetch",
  ].map((g) => [g, "readonly"]),
);

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: node },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
