import Foundation
import SurveyCore
import SurveyStore

/// Sends text messages through the office's SMS gateway command (`survey serve --sms-command`),
/// one process per message, off the loop thread. The command gets
/// `{"kind","phone","recipient","text"}` as JSON on stdin; exit status 0 means delivered. Every
/// outcome is recorded in the database, per person.
final class TextMessageGateway: Sendable {
    let command: String
    let database: SurveyDatabase
    /// Seconds one delivery may take before the command is killed and the message counted failed.
    let timeout: Double
    private let queue = DispatchQueue(label: "survey-sms")

    init(command: String, database: SurveyDatabase, timeout: Double = 15) {
        self.command = command
        self.database = database
        self.timeout = timeout
    }

    /// Queues the messages; returns at once.
    func send(_ messages: [TextMessage]) {
        guard !messages.isEmpty else { return }
        queue.async { [self] in
            for message in messages { deliver(message) }
        }
    }

    /// Waits until everything queued so far has been tried (for shutdown).
    func drain() { queue.sync {} }

    private func deliver(_ message: TextMessage) {
        let now = Timestamp.string(Date())
        guard let phone = message.phone, !phone.isEmpty else {
            record(TextMessageRecord(at: now, message: message, result: .noPhone, detail: nil))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let detail: String?
        do {
            try process.run()
            struct Payload: Encodable { let kind: String, phone: String, recipient: String, text: String }
            let payload = CanonicalJSON.bytes(Payload(kind: message.kind.rawValue, phone: phone, recipient: message.recipient, text: message.text))
            try? input.fileHandleForWriting.write(contentsOf: Data(payload))
            try? input.fileHandleForWriting.close()
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                detail = "短信网关命令 \(Int(timeout)) 秒内未结束，已终止"
            } else {
                detail = process.terminationStatus == 0 ? nil : "短信网关命令退出码 \(process.terminationStatus)"
            }
        } catch {
            detail = "无法运行短信网关命令：\(error.localizedDescription)"
        }
        record(TextMessageRecord(at: now, message: message, result: detail == nil ? .sent : .failed, detail: detail))
    }

    private func record(_ record: TextMessageRecord) {
        do {
            try database.record(TextMessageRecord(at: record.at, message: record.message.recorded, result: record.result, detail: record.detail))
        } catch {
            ServerLog.error("短信发送结果未能记录（\(record.message.recipient)）：\(StoreError.explain(error))")
        }
    }
}
