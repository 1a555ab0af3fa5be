import Foundation
import GRDB
import SurveyCore

/// What the group-commit writer takes: a submission to store, or a delivery step to record.
public enum WriteItem: Sendable {
    case submission(SubmissionRecord)
    case delivery(DeliveryEvent)
}

/// The outcome of one group commit.
public struct WriteBatchResult: Sendable {
    /// Submissions now durable, with `storedAt` set.
    public var committed: [SubmissionRecord]
    /// Ids of submissions that could not be stored.
    public var failed: [String]
    /// How many items the batch held, and how long its transaction took, COMMIT included.
    public var items = 0
    public var duration = Duration.zero
}

extension SurveyDatabase {
    /// Writes all `items` in one transaction. Each submission has its own savepoint, so one bad row
    /// fails alone. Returns after COMMIT, so every record in `committed` is durable.
    public func write(_ items: [WriteItem], at now: Date) -> WriteBatchResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = writeTransaction(items, at: now)
        result.items = items.count
        result.duration = clock.now - start
        return result
    }

    private func writeTransaction(_ items: [WriteItem], at now: Date) -> WriteBatchResult {
        var committed: [SubmissionRecord] = []
        var failed: [String] = []
        let storedAt = Timestamp.string(now)
        do {
            try pool.write { db in
                committed = []
                failed = []
                for item in items {
                    switch item {
                    case .submission(var record):
                        do {
                            try db.inSavepoint {
                                try Self.insert(record, storedAt: storedAt, db: db)
                                return .commit
                            }
                            record.storedAt = Timestamp.date(storedAt)
                            committed.append(record)
                        } catch {
                            failed.append(record.id)
                        }
                    case .delivery(let event):
                        // One statement: if it fails, SQLite undoes that statement alone.
                        try? Self.record(event, db: db)
                    }
                }
            }
        } catch {
            return WriteBatchResult(committed: [], failed: items.compactMap {
                if case .submission(let record) = $0 { record.id } else { nil }
            })
        }
        return WriteBatchResult(committed: committed, failed: failed)
    }

    static func insert(_ record: SubmissionRecord, storedAt: String, db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO submissions (id, supervisor_id, survey_id, version, answers, received_at, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            record.id, record.supervisorID, record.survey, record.version, record.answersJSON,
            Timestamp.string(record.receivedAt), storedAt,
        ])
    }

    static func record(_ event: DeliveryEvent, db: Database) throws {
        let column = switch event.kind {
        case .pushed: "pushed_at"
        case .received: "received_at"
        case .opened: "opened_at"
        }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO deliveries (supervisor_id, survey_id, version, \(column)) VALUES (?, ?, ?, ?)
            ON CONFLICT (supervisor_id, survey_id, version) DO UPDATE SET \(column) = COALESCE(\(column), excluded.\(column))
            """)
        try statement.execute(arguments: [event.supervisorID, event.survey, event.version, Timestamp.string(event.at)])
    }
}
