import Foundation
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
    /// Why a write failed, for the log (nil when all went in).
    public var failure: String?
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
        var failure: String?
        let storedAt = Timestamp.string(now)
        do {
            try store.write { db in
                committed = []
                failed = []
                var submissions: [SubmissionRecord] = []
                var deliveries: [DeliveryEvent] = []
                for item in items {
                    switch item {
                    case .submission(let record): submissions.append(record)
                    case .delivery(let event): deliveries.append(event)
                    }
                }
                // Over a network, one statement for the batch instead of three round trips a row;
                // should it fail, each row is tried alone below.
                let batch = db.dialect == .postgres && submissions.count > 1 ? try? Self.insertBatch(submissions, storedAt: storedAt, db: db) : nil
                for var record in submissions {
                    do {
                        if let batch {
                            guard batch.contains(record.id) else { throw StoreError.idTaken(record.id) }
                        } else {
                            try db.savepoint { try Self.insert(record, storedAt: storedAt, db: db) }
                        }
                        record.storedAt = Timestamp.date(storedAt)
                        committed.append(record)
                    } catch {
                        // Another node may have stored this very submission (a page that resent it
                        // there): the same answers under the same id are acknowledged, once.
                        if let copy = try? Self.storedCopy(of: record, db: db) {
                            committed.append(copy)
                        } else {
                            failed.append(record.id)
                            failure = StoreError.explain(error)
                        }
                    }
                }
                Self.record(deliveries, db: db)
                for start in stride(from: 0, to: committed.count, by: StoreAnnouncement.idsPerAnnouncement) {
                    let ids = committed[start..<min(start + StoreAnnouncement.idsPerAnnouncement, committed.count)].map(\.id)
                    try announce(db, [.submissions], ids.joined(separator: ","))
                }
            }
        } catch {
            return WriteBatchResult(
                committed: [],
                failed: items.compactMap {
                    if case .submission(let record) = $0 { record.id } else { nil }
                }, failure: StoreError.explain(error))
        }
        return WriteBatchResult(committed: committed, failed: failed, failure: failure)
    }

    /// The stored submission with `record`'s id, when it holds the same answers from the same
    /// supervisor to the same survey version.
    static func storedCopy(of record: SubmissionRecord, db: any SQLConnection) throws -> SubmissionRecord? {
        guard let row = try db.fetchOne(SQLRow.self, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [record.id]) else { return nil }
        let stored = try submission(row)
        guard stored.supervisorID == record.supervisorID, stored.survey == record.survey, stored.version == record.version,
            stored.answersJSON == record.answersJSON
        else { return nil }
        return stored
    }

    /// Inserts `records` in statements of up to 1,000 rows, in a savepoint (undone whole if any row
    /// breaks a rule). Returns the ids inserted; an id already stored is skipped, not an error.
    static func insertBatch(_ records: [SubmissionRecord], storedAt: String, db: any SQLConnection) throws -> Set<String> {
        var inserted: Set<String> = []
        try db.savepoint {
            for start in stride(from: 0, to: records.count, by: 1000) {
                let chunk = records[start..<min(start + 1000, records.count)]
                let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
                let arguments: [any SQLBindable] = chunk.flatMap { record -> [any SQLBindable] in
                    [
                        record.id, record.supervisorID, record.survey, record.version, record.answersJSON,
                        Timestamp.string(record.receivedAt), storedAt,
                    ]
                }
                inserted.formUnion(
                    try db.fetchAll(
                        String.self,
                        sql: """
                            INSERT INTO submissions (id, supervisor_id, survey_id, version, answers, received_at, stored_at)
                            VALUES \(rows) ON CONFLICT (id) DO NOTHING RETURNING id
                            """, arguments: arguments))
            }
        }
        return inserted
    }

    static func insert(_ record: SubmissionRecord, storedAt: String, db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO submissions (id, supervisor_id, survey_id, version, answers, received_at, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.supervisorID, record.survey, record.version, record.answersJSON,
                Timestamp.string(record.receivedAt), storedAt,
            ])
    }

    /// Records delivery steps. A launch makes thousands of `pushed` events with the same survey and
    /// time: each such run goes in as one statement over a JSON array of supervisor ids. A statement
    /// that fails is undone alone by its savepoint (PostgreSQL would otherwise abort the whole
    /// transaction), and its run is then written row by row, each in its own.
    static func record(_ events: [DeliveryEvent], db: any SQLConnection) {
        var start = 0
        while start < events.count {
            let first = events[start]
            var end = start + 1
            while end < events.count, events[end].kind == first.kind, events[end].survey == first.survey,
                events[end].version == first.version, events[end].at == first.at
            { end += 1 }
            let run = events[start..<end]
            if run.count == 1 || (try? db.savepoint({ try recordRun(run, db: db) })) == nil {
                for event in run { try? db.savepoint { try record(event, db: db) } }
            }
            start = end
        }
    }

    private static func recordRun(_ run: ArraySlice<DeliveryEvent>, db: any SQLConnection) throws {
        guard let first = run.first else { return }
        let column = first.kind.column
        let ids = CanonicalJSON.string(run.map(\.supervisorID))
        try db.execute(
            sql: """
                INSERT INTO deliveries (supervisor_id, survey_id, version, \(column))
                SELECT value, ?, ?, ? FROM \(db.dialect.jsonArrayElements("?")) WHERE true
                ON CONFLICT (supervisor_id, survey_id, version) DO UPDATE SET \(column) = COALESCE(deliveries.\(column), excluded.\(column))
                """,
            arguments: [first.survey, first.version, Timestamp.string(first.at), ids])
    }

    static func record(_ event: DeliveryEvent, db: any SQLConnection) throws {
        let column = event.kind.column
        try db.execute(
            sql: """
                INSERT INTO deliveries (supervisor_id, survey_id, version, \(column)) VALUES (?, ?, ?, ?)
                ON CONFLICT (supervisor_id, survey_id, version) DO UPDATE SET \(column) = COALESCE(deliveries.\(column), excluded.\(column))
                """,
            arguments: [event.supervisorID, event.survey, event.version, Timestamp.string(event.at)])
    }
}

extension DeliveryEvent.Kind {
    /// The `deliveries` column this step sets.
    var column: String {
        switch self {
        case .pushed: "pushed_at"
        case .received: "received_at"
        case .opened: "opened_at"
        }
    }
}
