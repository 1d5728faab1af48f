import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a `qala serve` on :8080.
const api = { target: "http://127.0.0.1:8080", changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      "^/t/[^/]+/(graphql|attachments|public|reports|exports)": api,
      "/graphql": api,
    },
  },
});
