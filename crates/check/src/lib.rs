//! The rule catalogue. Each rule lives in its own file under `rules/` with a stable code, a severity, a
//! Chinese explanation citing the format or the 条例, and its logic over the report model. Diagnostics carry
//! the cell's provenance so that a printer can show the source line or the HTML cell.

#![warn(missing_docs)]

mod causes;
mod chain;
pub mod diagnostic;
pub mod rules;
#[cfg(test)]
pub(crate) mod testutil;

pub use chain::narrow_by_previous;
pub use diagnostic::{Diagnostic, Severity};
use gongkai_model::Report;

/// What a rule sees: the report, and last year's report when given.
pub struct Context<'a> {
    /// The report under check.
    pub report: &'a Report,
    /// The same agency's report for the previous year, if supplied.
    pub previous: Option<&'a Report>,
}

/// A rule of the catalogue.
pub struct Rule {
    /// Stable code, e.g. `T3-BALANCE`.
    pub code: &'static str,
    /// Severity of its diagnostics.
    pub severity: Severity,
    /// One line: what it checks.
    pub title: &'static str,
    /// Why it matters, citing the format or the 条例.
    pub explanation: &'static str,
    /// The check.
    pub run: fn(&Context) -> Vec<Diagnostic>,
}

impl Rule {
    /// A diagnostic of this rule at its own severity.
    pub fn diag(&self, message: String) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message)
    }
}

/// Runs every rule and returns the diagnostics in catalogue order, the findings one cause explains folded
/// into one (see [`Diagnostic::consequences`]). With last year's report, run-together 表二 rows are first
/// narrowed by the chain between the years ([`narrow_by_previous`]).
pub fn check(report: &Report, previous: Option<&Report>) -> Vec<Diagnostic> {
    let Some(previous) = previous else {
        return causes::fold(report, each_rule(report, None));
    };
    let (mut report, mut previous) = (report.clone(), previous.clone());
    narrow_by_previous(&mut report, &mut previous);
    causes::fold(&report, each_rule(&report, Some(&previous)))
}

/// Every rule's own findings, nothing folded (for the rules' tests).
pub(crate) fn each_rule(report: &Report, previous: Option<&Report>) -> Vec<Diagnostic> {
    let ctx = Context { report, previous };
    rules::REGISTRY.iter().flat_map(|r| (r.run)(&ctx)).collect()
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::REGISTRY.iter().find(|r| r.code == code)
}
