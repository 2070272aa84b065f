//! A year's holiday notice added to a store whose cases have provisional due dates; a step dated after today
//! refused; a step withdrawn with a reason, kept in the history.

use super::super::{app, d};
use gongkai_ledger::calendar::notice_text;
use gongkai_ledger::case::{Event, EventKind};
use gongkai_store::{Store, StoreError};
use sqlx::Row;

async fn due_on(store: &Store, id: &str) -> (String, String) {
    let r = sqlx::query("SELECT due_on, clock FROM applications WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(store.pool())
        .await
        .unwrap();
    (r.try_get(0).unwrap(), r.try_get(1).unwrap())
}

/// Received 2027-08-31, past the shipped data: 20 working days end on 09-29 counted by the statutory holidays
/// alone (中秋 09-15), on 09-28 once the (made-up) 2027 notice makes Sunday 09-26 a working day.
pub async fn notice_and_withdrawals(store: &Store) {
    let today = d("2027-09-01");
    let case = app("CAL-1", "2027-08-31", vec![]);
    store
        .add_applications(std::slice::from_ref(&case), today)
        .await
        .unwrap();
    assert_eq!(
        due_on(store, "CAL-1").await,
        ("2027-09-29".into(), "running".into())
    );
    assert!(store.calendar().is_provisional(d("2027-09-29")));
    // Answered already: its due date moves too, but it is not listed (nothing is left to do by it).
    let answered = EventKind::Replied {
        outcome: gongkai_ledger::case::Outcome::new("granted").unwrap(),
    };
    let closed = app("CAL-3", "2027-08-31", vec![("2027-09-01", answered)]);
    store.add_applications(&[closed], today).await.unwrap();

    // A step dated after today is refused and nothing is stored.
    let tomorrow = Event {
        date: d("2027-09-02"),
        kind: EventKind::CorrectionRequested,
    };
    let e = store.add_event("CAL-1", tomorrow, today).await.unwrap_err();
    assert!(e.to_string().contains("晚于今天（2027-09-01"), "{e}");
    assert!(store.case_steps("CAL-1").await.unwrap().is_empty());
    // So is a case received after today.
    let later = app("CAL-2", "2027-09-02", vec![]);
    assert!(store.add_applications(&[later], today).await.is_err());
    assert!(store.application("CAL-2").await.unwrap().is_none());

    // The notice: checked, stored with who added it, the case recomputed and listed as earlier.
    let notice =
        notice_text::parse(gongkai_testkit::NOTICE_2027_HYPOTHETICAL, None).expect("reads");
    let changes = store
        .add_calendar_notice(
            &notice,
            gongkai_testkit::NOTICE_2027_HYPOTHETICAL,
            "office",
            "2027-08-01T09:00:00+08:00",
        )
        .await
        .unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (
            changes[0].id.as_str(),
            changes[0].old_due,
            changes[0].new_due
        ),
        ("CAL-1", d("2027-09-29"), d("2027-09-28"))
    );
    assert_eq!(due_on(store, "CAL-1").await.0, "2027-09-28");
    assert_eq!(
        due_on(store, "CAL-3").await,
        ("2027-09-28".into(), "closed".into())
    );
    assert!(!store.calendar().is_provisional(d("2027-09-28")));
    assert_eq!(store.calendar().coverage().1, d("2027-12-31"));
    let listed = store
        .due_changes("2027-08-01T00:00:00+08:00")
        .await
        .unwrap();
    assert_eq!(listed, changes);
    assert!(store.due_changes("2027-08-02").await.unwrap().is_empty());
    let stored = store.calendar_notices().await.unwrap();
    assert!(
        stored
            .iter()
            .any(|n| n.number == "国办发明电〔2026〕99号" && n.added_by == "office")
    );
    // The same notice twice is refused.
    assert!(matches!(
        store
            .add_calendar_notice(
                &notice,
                gongkai_testkit::NOTICE_2027_HYPOTHETICAL,
                "office",
                "2027-08-02T09:00:00+08:00"
            )
            .await,
        Err(StoreError::Refused(_))
    ));

    // A 补正 recorded by mistake pauses the clock; withdrawn, the clock runs again, the step stays listed.
    let correction = Event {
        date: d("2027-09-01"),
        kind: EventKind::CorrectionRequested,
    };
    store.add_event("CAL-1", correction, today).await.unwrap();
    assert_eq!(due_on(store, "CAL-1").await.1, "paused");
    let received = Event {
        date: d("2027-09-01"),
        kind: EventKind::CorrectionReceived,
    };
    store.add_event("CAL-1", received, today).await.unwrap();
    let steps = store.case_steps("CAL-1").await.unwrap();
    assert_eq!(steps.len(), 2);
    let (first, second) = (steps[0].seq, steps[1].seq);
    // The 补正 cannot go while the receipt of the 补正 needs it; no reason, no withdrawal.
    let e = store
        .withdraw_step(
            "CAL-1",
            first,
            "office",
            "误录",
            "2027-09-01T10:00:00+08:00",
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("请先撤回其后的步骤"), "{e}");
    assert!(
        store
            .withdraw_step("CAL-1", second, "office", "  ", "2027-09-01T10:00:00+08:00")
            .await
            .is_err()
    );
    for seq in [second, first] {
        store
            .withdraw_step(
                "CAL-1",
                seq,
                "office",
                "误录：申请内容清楚，无需补正",
                "2027-09-01T10:00:00+08:00",
            )
            .await
            .unwrap();
    }
    let steps = store.case_steps("CAL-1").await.unwrap();
    assert_eq!(steps.len(), 2, "withdrawn steps are kept");
    let w = steps[0].withdrawn.as_ref().expect("withdrawn");
    assert_eq!(
        (w.by.as_str(), w.reason.as_str()),
        ("office", "误录：申请内容清楚，无需补正")
    );
    assert!(
        store
            .application("CAL-1")
            .await
            .unwrap()
            .unwrap()
            .events
            .is_empty()
    );
    assert_eq!(
        due_on(store, "CAL-1").await,
        ("2027-09-28".into(), "running".into())
    );
    assert!(matches!(
        store
            .withdraw_step(
                "CAL-1",
                first,
                "office",
                "再次",
                "2027-09-01T11:00:00+08:00"
            )
            .await,
        Err(StoreError::Refused(_))
    ));
}
