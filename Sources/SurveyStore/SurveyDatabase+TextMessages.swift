import Foundation
import SurveyCore

extension SurveyDatabase {
    /// Records what became of a text message.
    public func record(_ record: TextMessageRecord) throws {
        try store.write { db in
            try db.execute(
                sql: "INSERT INTO sms_log (at, kind, recipient, phone, text, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    record.at, record.message.kind.rawValue, record.message.recipient, record.message.phone,
                    record.message.text, record.result.rawValue, record.detail,
                ])
        }
    }

    /// The latest text messages, newest first.
    public func textMessages(limit: Int) throws -> [TextMessageRecord] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT * FROM sms_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                guard let kind = TextMessage.Kind(rawValue: row["kind"]), let result = TextMessageRecord.Result(rawValue: row["result"]) else {
                    throw StoreError.corrupt("sms_log")
                }
                return TextMessageRecord(
                    at: row["at"],
                    message: TextMessage(
                        kind: kind, recipient: row["recipient"], phone: row["phone"],
                        text: row["text"]), result: result, detail: row["detail"])
            }
        }
    }
}
