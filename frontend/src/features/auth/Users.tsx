// Staff accounts and their roles; executors are bound to an organization.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { useStaffSession } from "../../api/session";
import { ActiveToggle } from "../../components/ActiveToggle";
import { useConfirm } from "../../components/Confirm";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
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
      nodes { id login displayName email roles organizationId active lastLoginAt failedLogins }
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
  const me = useStaffSession(tenant.slug)?.user.id;
  const { t, label, dateTime, number } = useI18n();
  const [dialog, confirm] = useConfirm();
  const [form, setForm] = useState({ login: "", displayName: "", password: "", email: "" });
  const [roles, setRoles] = useState<Role[]>(["OPERATOR"]);
  const [org, setOrg] = useState<PickedOrg | null>(null);
  // The user being edited; null: the form adds a new one.
  const [editing, setEditing] = useState<{ id: string; login: string } | null>(null);
  const list = useLoad(() => gql(tenant.slug, UsersDocument), [tenant.slug]);
  const create = useAction(async () => {
    const common = { displayName: form.displayName.trim(), email: form.email.trim(), roles, organizationId: org?.id ?? null };
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
    setForm({ login: "", displayName: "", password: "", email: "" });
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  // Deactivating signs the person out at once: asked first, with what it means.
  const switchActive = async (user: { id: string; login: string; displayName: string; active: boolean }) => {
    if (
      user.active &&
      !(await confirm({
        title: t("admin.deactivateTitle", { name: user.displayName }),
        message: t("admin.deactivateConsequence", { name: user.displayName, login: user.login }),
        confirm: t("admin.deactivate"),
      }))
    )
      return;
    await toggle.run(user.id, !user.active);
  };
  const errors = useFormErrors(create.error, ["login", "displayName", "password", "email", "roles", "organizationId"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.run();
  };
  return (
    <section>
      <h1>{t("admin.usersTitle")}</h1>
      <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit}>
        <h2>{editing ? t("admin.userEdit", { login: editing.login }) : t("admin.userAdd")}</h2>
        {!editing && (
          <label className="required">
            {t("common.login")}
            <input
              name="login"
              required
              value={form.login}
              onChange={(e) => setForm({ ...form, login: e.target.value })}
              {...errors.field("login")}
            />
            {errors.message("login")}
          </label>
        )}
        <label className="required">
          {t("common.name")}
          <input
            name="displayName"
            required
            maxLength={200}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            {...errors.field("displayName")}
          />
          {errors.message("displayName")}
        </label>
        <label className={editing ? undefined : "required"}>
          {editing ? t("admin.passwordKeep") : t("common.password")}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required={!editing}
            minLength={10}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            {...errors.field("password")}
          />
          {errors.message("password")}
        </label>
        <label>
          {t("admin.userEmail")}
          <input
            name="email"
            type="email"
            autoComplete="off"
            maxLength={254}
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
            {...errors.field("email")}
          />
          {errors.message("email")}
        </label>
        <fieldset {...errors.field("roles")}>
          <legend>{t("admin.roles")}</legend>
          {errors.message("roles")}
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
        <OrgPick
          label={t("admin.organization")}
          required={roles.includes("EXECUTOR")}
          picked={org}
          onPick={setOrg}
          aria={errors.field("organizationId")}
          message={errors.message("organizationId")}
        />
        <ErrorText error={errors.rest} />
        <button type="submit" disabled={create.pending}>
          {editing ? t("common.save") : t("common.add")}
        </button>
      </form>
      <ErrorText error={list.error ?? toggle.error} />
      {dialog}
      <Table label={t("admin.usersTitle")}
        testId="users"
        loading={list.loading && !list.data}
        head={[t("common.login"), t("common.name"), t("admin.roles"), t("admin.lastSignIn"), t("common.status"), ""]}
      >
        {list.data?.users.nodes.map((u) => (
          <tr key={u.id} className={u.active ? undefined : "inactive"}>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setEditing({ id: u.id, login: u.login });
                  setForm({ login: u.login, displayName: u.displayName, password: "", email: u.email ?? "" });
                  setRoles(u.roles.filter((r) => r !== "PLATFORM_ADMIN" && r !== "RESIDENT"));
                  setOrg(null);
                  window.scrollTo({ top: 0 });
                }}
              >
                {u.login}
              </button>
            </td>
            <td>
              {u.displayName}
              {u.id === me && <small className="muted"> {t("admin.you")}</small>}
            </td>
            <td>{u.roles.map((r) => label("role", r)).join(", ")}</td>
            <td>
              <small>{u.lastLoginAt ? dateTime(u.lastLoginAt) : t("admin.neverSignedIn")}</small>{" "}
              {u.failedLogins > 0 && (
                <small className="badge warn" title={t("admin.failedLoginsHint")}>
                  {t("admin.failedLogins", { n: number(u.failedLogins) })}
                </small>
              )}
            </td>
            <td data-testid="user-status">
              <span className={u.active ? "badge status-closed" : "badge"}>{u.active ? t("common.active") : t("common.inactive")}</span>
            </td>
            <td>
              {/* An admin cannot switch their own account off. */}
              {u.id !== me && <ActiveToggle active={u.active} state={false} onToggle={() => switchActive(u)} />}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
