import Foundation
import GRDB
import Testing

/// Text a supervisor typed reaches staff terminals and spreadsheets: it must not drive the
/// terminal (escape sequences) or Excel (formulas).
@Suite(.serialized)
struct TerminalSafetyTests {
    static let hostile = "=HYPERLINK(\"http://evil.example\",\"点我\")\u{1B}]8;;http://evil.example\u{07}链接\u{1B}]8;;\u{07}\u{1B}[2J\n第二行"

    @Test func commentsAndExportsCarryNoEscapesOrFormulas() throws {
        let server = try ServerProcess(demoRoster: 2)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        var answers = followupAnswers
        answers["comment"] = Self.hostile
        try client.send(json: submitMessage(answers: answers))
        _ = try client.receive(type: "ack")
        let comments = try server.cli("comments", "list", "--survey", "haocaiping-followup").output
        let csv = try server.cli("export", "haocaiping-followup").output
        for (name, output) in [("comments list", comments), ("export", csv)] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(name) printed a control character")
        }
        #expect(comments.contains("第二行") && !comments.contains("\n第二行"), "a newline in a comment stays on its line")
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"), "a formula reached the CSV: \(csv)")
        #expect(csv.contains("'=HYPERLINK"))
    }

    /// `survey report` printed to a terminal (a pseudo-terminal, through `script`) carries no escape
    /// sequence a stored note held (written before notes were checked at the door, here straight
    /// into the file): an OSC 52 would write the terminal's clipboard.
    @Test(.sqliteFile) func theReportOnATerminalCarriesNoEscapes() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let osc52 = "已整改\u{1B}]52;c;ZWNobyBoaQ==\u{07}\u{1B}]0;标题\u{07}完毕"
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        server.stop()
        let database = try DatabaseQueue(path: server.dataDirectory + "/survey.sqlite")
        try database.write { db in
            let notes = String(decoding: try JSONEncoder().encode(["2026-12-01：" + osc52]), as: UTF8.self)
            try db.execute(sql: "UPDATE rectification_items SET notes = ? WHERE number = 5", arguments: [notes])
        }
        try database.close()
        try server.start()
        for format in ["md", "csv", "html"] {
            let command = ([ServerProcess.binary, "report", "--format", format, "--data", server.dataDirectory]).map { "'\($0)'" }.joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let bytes = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(process.terminationStatus == 0 && text.contains("完毕"), "\(format): \(text.suffix(300))")
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(format) passed an escape sequence to the terminal")
            #expect(text.contains("\\u{1b}]52;c;"), "\(format): shown, not obeyed")
        }
    }
}
