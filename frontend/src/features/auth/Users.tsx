// Staff accounts and their roles; executors are bound to an organization.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { ActiveToggle } from "../../components/ActiveToggle";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { Role } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const UsersDocument = graphql(`
  query AdminUsers {
    users(includeInactive: true, page: { first: 200 }) {
      nodes { id login displayName roles organizationId active lastLoginAt failedLogins }
    }
  }
`);

const CreateDocument = graphql(`
  mutation CreateUser($input: UserInput!) {
    createUser(input: $input) { id login }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateUser($id: ID!, $input: UserInput!) {
    updateUser(id: $id, input: $input) { id login }
  }
`);

const ActiveDocument = graphql(`
  mutation SetUserActive($id: ID!, $active: Boolean!) {
    setUserActive(id: $id, active: $active) { id active }
  }
`);

const ROLES: Role[] = ["CITY_ADMIN", "SUPERVISOR", "OPERATOR", "ANALYST", "EXECUTOR"];

export function Users() {
  const tenant = useTenant();
  const { t, label, dateTime } = useI18n();
  const [form, setForm] = useState({ login: "", displayName: "", password: "" });
  const [roles, setRoles] = useState<Role[]>(["OPERATOR"]);
  const [org, setOrg] = useState<PickedOrg | null>(null);
  // The user being edited; null: the form adds a new one.
  const [editing, setEditing] = useState<{ id: string; login: string } | null>(null);
  const list = useLoad(() => gql(tenant.slug, UsersDocument), [tenant.slug]);
  const create = useAction(async () => {
    const common = { displayName: form.displayName.trim(), roles, organizationId: org?.id ?? null };
    if (editing) {
      await gql(tenant.slug, UpdateDocument, {
        id: editing.id,
        input: { ...common, password: form.password || null },
      });
    } else {
      await gql(tenant.slug, CreateDocument, { input: { ...common, login: form.login.trim(), password: form.password } });
    }
    setEditing(null);
    setOrg(null);
    setForm({ login: "", displayName: "", password: "" });
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.run();
  };
  return (
    <section>
      <h1>{t("admin.usersTitle")}</h1>
      <form className="card form-grid" onSubmit={submit}>
        <h2>{editing ? t("admin.userEdit", { login: editing.login }) : t("admin.userAdd")}</h2>
        {!editing && (
          <label>
            {t("common.login")}
            <input name="login" required value={form.login} onChange={(e) => setForm({ ...form, login: e.target.value })} />
          </label>
        )}
        <label>
          {t("common.name")}
          <input name="displayName" required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </label>
        <label>
          {editing ? t("admin.passwordKeep") : t("common.password")}
          <input name="password" type="password" autoComplete="new-password" required={!editing} minLength={10} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <fieldset>
          <legend>{t("admin.roles")}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />{" "}
              {label("role", r)}
            </label>
          ))}
        </fieldset>
        <OrgPick label={t("admin.organization")} picked={org} onPick={setOrg} />
        <ErrorText error={create.error} />
        <button type="submit" disabled={create.pending}>
          {editing ? t("common.save") : t("common.add")}
        </button>
      </form>
      <ErrorText error={list.error ?? toggle.error} />
      <Table head={[t("common.login"), t("common.name"), t("admin.roles"), t("common.status")]}>
        {list.data?.users.nodes.map((u) => (
          <tr key={u.id} className={u.active ? undefined : "inactive"}>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setEditing({ id: u.id, login: u.login });
                  setForm({ login: u.login, displayName: u.displayName, password: "" });
                  setRoles(u.roles.filter((r) => r !== "PLATFORM_ADMIN" && r !== "RESIDENT"));
                  setOrg(null);
                  window.scrollTo({ top: 0 });
                }}
              >
                {u.login}
              </button>
            </td>
            <td>{u.displayName}</td>
            <td>{u.roles.map((r) => label("role", r)).join(", ")}</td>
            <td>
              <small>{dateTime(u.lastLoginAt)}</small>{" "}
              {u.failedLogins > 0 && (
                <small className="badge warn" title={t("admin.failedLoginsHint")}>
                  {t("admin.failedLogins", { n: u.failedLogins })}
                </small>
              )}{" "}
              <ActiveToggle active={u.active} onToggle={() => toggle.run(u.id, !u.active)} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
