import Foundation
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
}
