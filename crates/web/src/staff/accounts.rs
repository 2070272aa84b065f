//! Accounts on the web: everyone changes their own password (argon2; at least 10 characters and hard to guess
//! by zxcvbn's estimate); an office head or administrator creates accounts, resets their passwords and disables
//! them. A created or reset account gets a generated password, shown once, which must be changed at the first
//! login (every page sends its holder to the password page until then). Every change is in the audit log.

use super::{OfficeUser, Role, SignedIn, record};
use crate::agency::Agency;
use crate::scope::Acting;
use crate::{AppState, secret};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_store::staff::{Session, User};
use serde::Deserialize;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD: usize = 10;

/// Why a new password is refused, or None when it is strong enough: long enough and, by zxcvbn's estimate, not
/// among the first 10^10 guesses (score 3 or more), taking the login name and the person's name as known words.
pub fn weak_password(password: &str, user: &User) -> Option<String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD {
        return Some(format!(
            "新密码太短：至少 {MIN_PASSWORD} 个字符（现为 {len} 个）。"
        ));
    }
    if len > 128 {
        return Some("新密码太长：不超过 128 个字符。".into());
    }
    let known = [
        user.username.as_str(),
        user.display_name.as_str(),
        "gongkai",
    ];
    let estimate = zxcvbn::zxcvbn(password, &known);
    if (estimate.score() as u8) < 3 {
        return Some(
            "新密码太容易被猜中（如常用词、姓名、登录名、键盘顺序、重复或连续的字符）。请用几个不相关的词或字母、数字、符号的组合。"
                .into(),
        );
    }
    None
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_password.html")]
struct PasswordPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    forced: bool,
    errors: Vec<String>,
    done: bool,
    min: usize,
}

fn password_page(agency: Agency, session: Session, errors: Vec<String>, done: bool) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = PasswordPage {
        agency,
        forced: session.user.must_change && !done,
        user: Some(session.user),
        csrf: session.csrf,
        errors,
        done,
        min: MIN_PASSWORD,
    };
    (status, view).into_response()
}

/// GET /staff/password: the form to change one's own password (the only page a generated password opens).
pub async fn password_form(State(state): State<AppState>, SignedIn(session): SignedIn) -> Response {
    password_page(crate::portal::agency(&state).await, session, vec![], false)
}

/// The password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    /// The session's token.
    pub csrf: String,
    /// The password now.
    pub current: String,
    /// The new password.
    pub new: String,
    /// The new password again.
    pub repeat: String,
}

/// POST /staff/password.
pub async fn change_password(
    State(state): State<AppState>,
    SignedIn(mut session): SignedIn,
    Form(f): Form<PasswordForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if f.csrf != session.csrf {
        return super::stale_form(agency, session);
    }
    let stored = Some(session.user.password_hash.clone());
    let mut errors = Vec::new();
    if !secret::verify_off_thread(f.current.clone(), stored, false).await {
        errors.push("当前密码不正确。".to_string());
    }
    if let Some(why) = weak_password(&f.new, &session.user) {
        errors.push(why);
    } else if f.new == f.current {
        errors.push("新密码不能与当前密码相同。".into());
    }
    if f.new != f.repeat {
        errors.push("两次输入的新密码不一致。".into());
    }
    if !errors.is_empty() {
        return password_page(agency, session, errors, false);
    }
    let hash = match tokio::task::spawn_blocking(move || secret::hash(&f.new)).await {
        Ok(Ok(h)) => h,
        _ => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                "系统错误，密码未修改。",
            );
        }
    };
    let username = session.user.username.clone();
    if state
        .store
        .set_password(&username, &hash, false, false)
        .await
        .is_err()
    {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "系统错误，密码未修改。",
        );
    }
    record(
        &state,
        &username,
        "修改本人密码",
        &format!("账号 {username}"),
    )
    .await;
    session.user.must_change = false;
    password_page(agency, session, vec![], true)
}

/// One account as the list shows it.
struct Row {
    user: User,
    role: &'static str,
    /// Whether the viewer may reset or disable it.
    manageable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_users.html")]
struct UsersPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    rows: Vec<Row>,
    roles: Vec<Role>,
    errors: Vec<String>,
    /// A password just generated: (login name, password), shown once.
    issued: Option<(String, String)>,
    form: NewUser,
}

/// The roles `manager` may give and manage: an office head its office's staff and heads, an administrator all.
fn manageable_roles(manager: Role) -> Vec<Role> {
    match manager {
        Role::Admin => vec![Role::Staff, Role::OfficeHead, Role::Supervisor, Role::Admin],
        _ => vec![Role::Staff, Role::OfficeHead],
    }
}

async fn users_page(
    state: &AppState,
    session: Session,
    role: Role,
    errors: Vec<String>,
    issued: Option<(String, String)>,
    form: NewUser,
) -> Response {
    let roles = manageable_roles(role);
    // An administrator sees every account; an office head the members of the agency the session works in, with
    // their role there.
    let listed: Vec<gongkai_store::staff::User> = if role == Role::Admin {
        state.store.users().await.unwrap_or_default()
    } else {
        let members = state.store.members().await.unwrap_or_default();
        members
            .into_iter()
            .map(|(u, r)| User { role: r, ..u })
            .collect()
    };
    let rows = listed
        .into_iter()
        .map(|u| Row {
            role: Role::label_of(&u.role),
            manageable: u.username != session.user.username
                && Role::parse(&u.role).is_some_and(|r| roles.contains(&r)),
            user: User {
                password_hash: String::new(),
                ..u
            },
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = UsersPage {
        agency: crate::portal::agency(state).await,
        user: Some(session.user),
        csrf: session.csrf,
        rows,
        roles,
        errors,
        issued,
        form,
    };
    (status, view).into_response()
}

/// GET /staff/users (office head, administrator): the accounts and the form for a new one.
pub async fn users(Acting(state): Acting, OfficeUser(session, role): OfficeUser) -> Response {
    if role == Role::Staff {
        return super::heads_only(crate::portal::agency(&state).await, session, "账号管理");
    }
    users_page(&state, session, role, vec![], None, NewUser::default()).await
}

/// The form for a new account.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NewUser {
    /// The session's token.
    pub csrf: String,
    /// Login name.
    pub username: String,
    /// The person's name.
    pub display_name: String,
    /// Role key.
    pub role: String,
}

/// POST /staff/users: creates an account with a generated password, shown once.
pub async fn create_user(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Form(f): Form<NewUser>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) = super::refuse_head_form(&agency, &session, &f.csrf, role, "账号管理")
    {
        return refused;
    }
    let username = f.username.trim().to_string();
    let name = f.display_name.trim().to_string();
    let mut errors = Vec::new();
    let given = Role::parse(&f.role).filter(|r| manageable_roles(role).contains(r));
    if given.is_none() {
        errors.push(format!("请选择角色（{}可设置的角色之一）。", role.label()));
    }
    if name.is_empty() || name.chars().count() > 40 {
        errors.push("请填写姓名（不超过 40 个字）。".into());
    }
    if state.store.user(&username).await.ok().flatten().is_some() {
        errors.push(format!("登录名“{username}”已被使用，请换一个。"));
    }
    let password = match (errors.is_empty(), given) {
        (true, Some(given)) => {
            match crate::agency::add_user(&state.store, &username, given.key(), &name, true).await {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        }
        _ => None,
    };
    let Some(password) = password else {
        return users_page(&state, session, role, errors, None, f).await;
    };
    let label = given.map_or("", Role::label);
    record(
        &state,
        &session.user.username,
        &format!("创建账号（{label}）"),
        &format!("账号 {username}"),
    )
    .await;
    users_page(
        &state,
        session,
        role,
        vec![],
        Some((username, password)),
        NewUser::default(),
    )
    .await
}

/// The form of an action on an account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountAction {
    /// The session's token.
    pub csrf: String,
    /// `reset`, `disable` or `enable`.
    pub action: String,
}

/// POST /staff/users/{name}: resets the password (a new generated one, shown once; the account's sessions end),
/// disables (its sessions end) or enables an account. Nobody acts on their own account here, and an office head
/// only on staff and office heads.
pub async fn account_action(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Path(username): Path<String>,
    Form(f): Form<AccountAction>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) = super::refuse_head_form(&agency, &session, &f.csrf, role, "账号管理")
    {
        return refused;
    }
    let Some(target) = state.store.user(&username).await.ok().flatten() else {
        return crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这个账号。");
    };
    // An office head acts on the members of the agency the session works in, by their role there.
    let target_role = if role == Role::Admin {
        target.role.clone()
    } else {
        let held = state.store.roles_of(&username).await.unwrap_or_default();
        held.into_iter()
            .find(|(a, _)| a == state.store.agency_id())
            .map(|(_, r)| r)
            .unwrap_or_default()
    };
    let allowed = target.username != session.user.username
        && Role::parse(&target_role).is_some_and(|r| manageable_roles(role).contains(&r));
    if !allowed {
        return super::refused(
            agency,
            session,
            &format!(
                "不能管理账号“{}”：负责人可管理本机关工作人员和负责人的账号，系统管理员可管理全部账号；本人的密码请在“修改密码”页修改。",
                target.username
            ),
        );
    }
    let subject = format!("账号 {username}");
    let (result, issued, action) = match f.action.as_str() {
        "reset" => {
            let password = secret::new_secret(&mut rand::rng());
            let hashed = {
                let p = password.clone();
                tokio::task::spawn_blocking(move || secret::hash(&p)).await
            };
            match hashed {
                Ok(Ok(hash)) => (
                    state.store.set_password(&username, &hash, true, true).await,
                    Some((username.clone(), password)),
                    "重置密码",
                ),
                _ => {
                    return crate::portal::problem(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        agency,
                        "系统错误，未重置。",
                    );
                }
            }
        }
        "disable" => (
            state.store.set_disabled(&username, true).await,
            None,
            "停用账号",
        ),
        "enable" => (
            state.store.set_disabled(&username, false).await,
            None,
            "启用账号",
        ),
        _ => {
            return crate::portal::problem(StatusCode::BAD_REQUEST, agency, "无法识别的操作。");
        }
    };
    if let Err(e) = result {
        let errors = vec![format!("未{action}：{e}")];
        return users_page(&state, session, role, errors, None, NewUser::default()).await;
    }
    record(&state, &session.user.username, action, &subject).await;
    users_page(&state, session, role, vec![], issued, NewUser::default()).await
}
