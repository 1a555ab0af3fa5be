import Foundation
import SurveyCore
import SurveyStore

/// The office chasing its rows by itself (督办): reminds each unit some working days before a 时限
/// and on the first working day after it, and records a 督办 when a row is overdue too long. Each
/// reminder is recorded on its row (催办 record and history) and texted to the unit's contact
/// through the gateway, once: a reminder another node already recorded is not sent again.
struct DeadlineReminders: Sendable {
    let database: SurveyDatabase
    let calendar: WorkCalendar
    let policy: ReminderPolicy
    let gateway: TextMessageGateway?

    /// Returns the units whose rows got a reminder.
    func run(at now: Date) throws -> Set<String> {
        let rows = try database.rectificationRows()
        let due = DeadlineReminder.due(rows, calendar: calendar, policy: policy, today: Day.string(now))
        guard !due.isEmpty else { return [] }
        let phones = Dictionary(try database.units().map { ($0.name, $0.phone) }, uniquingKeysWith: { first, _ in first })
        let units = Dictionary(rows.map { ($0.number, $0.unit) }, uniquingKeysWith: { first, _ in first })
        var reminded: Set<String> = []
        for reminder in due {
            guard let unit = units[reminder.row] ?? nil, try database.claimReminder(number: reminder.row, key: reminder.key, entry: reminder.entry, at: now)
            else { continue }
            gateway?.send([TextMessage(kind: .urge, recipient: unit, phone: phones[unit] ?? nil, text: reminder.text)])
            reminded.insert(unit)
        }
        return reminded
    }
}

extension AdminAPI {
    /// The reminder check over this node's store, to run off the loop thread.
    func deadlineReminders() -> DeadlineReminders {
        DeadlineReminders(database: database, calendar: calendar, policy: office.reminders, gateway: gateway)
    }
}
