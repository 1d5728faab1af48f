// Starts what the browser tests run against: an SMS-gateway stand-in that records every text
// message, and a real `qala serve --demo` (SQLite in a fresh directory) serving the built
// frontend. The binary and frontend/dist are built by scripts/test beforehand.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    gatewayURL: string;
  }
}

const ROOT = resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** The stand-in: `POST /sms` records `{phone, text}`; `GET /messages` lists them. */
function gateway(): Promise<Server> {
  const messages: { phone: string; text: string; at: number }[] = [];
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/sms") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        try {
          const { phone, text } = JSON.parse(body);
          messages.push({ phone, text, at: Date.now() });
          res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        } catch {
          res.writeHead(400).end();
        }
      });
    } else if (req.method === "GET" && req.url === "/messages") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

async function waitReady(url: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`qala exited with ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`qala did not become ready:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const target = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
  const binary = process.env.QALA_BIN ?? join(target, "debug/qala");
  const sms = await gateway();
  const gatewayURL = `http://127.0.0.1:${(sms.address() as AddressInfo).port}`;
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), "qala-e2e-"));
  let output = "";
  // The embedded default, configured here alone: no QALA_* setting of the caller's (a
  // PostgreSQL URL, the test suite's variables) reaches the server.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("QALA_")));
  const server = spawn(binary, ["serve", "--demo"], {
    cwd: ROOT,
    env: {
      ...inherited,
      QALA_PROFILE: "development",
      QALA_BIND: `127.0.0.1:${port}`,
      QALA_DATA_DIR: data,
      QALA_WEB_DIR: join(ROOT, "frontend/dist"),
      QALA_DEMO_APPEALS: "40",
      QALA_OTP_DELIVERY: "http",
      QALA_OTP_GATEWAY_URL: `${gatewayURL}/sms`,
      QALA_LOG_FORMAT: "json",
      // Every browser test signs in from 127.0.0.1, dozens a minute when files run back to back;
      // the per-address limit itself is tested against the API (tests/api/auth.rs).
      QALA_LOGIN_IP_LIMIT_PER_MINUTE: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
  server.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitReady(baseURL, server, () => output);
  } catch (error) {
    server.kill("SIGKILL");
    sms.close();
    throw error;
  }
  project.provide("baseURL", baseURL);
  project.provide("gatewayURL", gatewayURL);
  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (server.exitCode === null) server.kill("SIGKILL");
    sms.close();
    rmSync(data, { recursive: true, force: true });
  };
}
