import ArgumentParser
import Foundation
import Testing

@testable import survey

/// Every command's arguments parse as documented, and bad ones are refused before any work.
@Suite struct ArgumentParsingTests {
    func parse(_ arguments: [String]) throws -> any ParsableCommand {
        try SurveyCommand.parseAsRoot(arguments)
    }

    func refuses(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: (any Error).self, "\(arguments)", sourceLocation: sourceLocation) { _ = try parse(arguments) }
    }

    @Test func serve() throws {
        let serve = try #require(
            try parse(["serve", "--port", "0", "--data", "d", "--demo-roster", "5", "--launch", "a.yaml", "--launch", "b.yaml"]) as? Serve)
        #expect(serve.port == 0 && serve.data == "d" && serve.demoRoster == 5 && serve.launchFiles == ["a.yaml", "b.yaml"])
        let defaults = try #require(try parse(["serve"]) as? Serve)
        #expect(defaults.port == 8080 && defaults.host == "0.0.0.0" && defaults.web == nil && defaults.reviewItems == nil, "looked up when not given")
        refuses(["serve", "--port", "eighty"])
    }

    /// A limit out of range is refused with the option's name and its range.
    @Test func aLimitOutOfRangeNamesTheOption() {
        let cases: [([String], String)] = [
            (["--max-connections-per-token", "305"], "--max-connections-per-token 应在 1 到 100 之间"),
            (["--max-message-bytes", "10"], "--max-message-bytes 应在 1024 到 16777216 之间"),
            (["--idle-ping", "60", "--idle-hangup", "30"], "--idle-hangup 应大于 --idle-ping"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try parse(["serve"] + arguments)
                Issue.record("\(arguments) was accepted")
            } catch {
                #expect(SurveyCommand.message(for: error).contains(message), "\(arguments): \(SurveyCommand.message(for: error))")
            }
        }
    }

    @Test func checkLaunchListStatusClose() throws {
        #expect((try parse(["check", "a.yaml", "b.yaml"]) as? Check)?.files == ["a.yaml", "b.yaml"])
        refuses(["check"])
        let launch = try #require(try parse(["launch", "a.yaml", "--deadline", "2099-01-01", "--to", "民营企业", "S1", "--server", "http://h:1"]) as? Launch)
        #expect(launch.file == "a.yaml" && launch.to == ["民营企业", "S1"] && launch.options.server == "http://h:1")
        refuses(["launch"])
        #expect(try parse(["list"]) is List)
        let status = try #require(try parse(["status", "s", "--watch", "--interval", "5"]) as? Status)
        #expect(status.watch && status.interval == 5)
        refuses(["status"])
        refuses(["status", "s", "--interval", "0.1"])
        #expect((try parse(["close", "s"]) as? Close)?.survey == "s")
        refuses(["close"])
    }

    @Test func remindExportAuditRoster() throws {
        #expect((try parse(["remind", "s", "--csv"]) as? Remind)?.csv == true)
        #expect((try parse(["export", "s", "--format", "jsonl", "-o", "out.jsonl"]) as? Export)?.format == .jsonl)
        refuses(["export", "s", "--format", "pdf"])
        #expect((try parse(["audit", "--limit", "10"]) as? Audit)?.recent.limit == 10)
        refuses(["audit", "--limit", "0"])
        #expect((try parse(["roster", "import", "r.csv", "--links-out", "l.csv"]) as? Roster.Import)?.linksOut == "l.csv")
        #expect(try parse(["roster", "list"]) is Roster.ListRoster)
        #expect((try parse(["roster", "links", "--reissue", "S1", "S2"]) as? Roster.Links)?.reissue == ["S1", "S2"])
        refuses(["roster", "import"])
        refuses(["frobnicate"])
    }

    @Test func deadlinesAreReadInBeijingTime() throws {
        #expect(iso(try Launch.parseDeadline("2026-12-31")) == "2026-12-31T15:59:59.000Z")
        #expect(iso(try Launch.parseDeadline("2026-12-31 18:00")) == "2026-12-31T10:00:00.000Z")
        #expect(iso(try Launch.parseDeadline("2026-12-31T18:00:00Z")) == "2026-12-31T18:00:00.000Z")
        #expect(throws: (any Error).self) { try Launch.parseDeadline("下周五") }
    }

    private func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Without `--format`, the output file's extension decides; a contradicting pair is refused.
    @Test func theFormatFollowsTheOutputFilesExtension() throws {
        let report = try #require(try parse(["report", "-o", "自查报告.xlsx"]) as? Report)
        #expect(try Report.Format.chosen(report.format, output: report.output, fallback: .html) == .xlsx)
        let plain = try #require(try parse(["report"]) as? Report)
        #expect(try Report.Format.chosen(plain.format, output: plain.output, fallback: .html) == .html)
        refuses(["report", "--format", "md", "-o", "自查报告.docx"])
        let export = try #require(try parse(["export", "annual-2022", "-o", "answers.JSONL"]) as? Export)
        #expect(try Export.Format.chosen(export.format, output: export.output, fallback: .csv) == .jsonl)
        refuses(["export", "annual-2022", "--format", "csv", "-o", "answers.jsonl"])
        refuses(["rectify", "export", "--unit", "区财政局", "--format", "xlsx", "-o", "交办单.html"])
        #expect(try parse(["report", "--format", "md", "-o", "自查报告.txt"]) is Report, "an extension that names no format is the user's choice")
        refuses(["report", "-o", "自查报告.pdf"])
        refuses(["export", "annual-2022", "--format", "csv", "-o", "answers.docx"])
        refuses(["report", "--format", "xlsx", "-o", "自查报告.xls"])
        refuses(["rectify", "export", "--unit", "区财政局", "--format", "html", "-o", "交办单.docx"])
        refuses(["export", "annual-2022", "-o", "answers.xlsx"])
        let markdown = try #require(try parse(["report", "-o", "自查报告.markdown"]) as? Report)
        #expect(try Report.Format.chosen(markdown.format, output: markdown.output, fallback: .html) == .md)
    }
}
