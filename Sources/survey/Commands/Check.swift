import ArgumentParser
import Foundation
import SurveyCore
import SurveyFiles
import SurveySamples

/// `survey check`: validates survey files offline.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查问卷文件，报告文件、行、列和错误原因。")

    @Argument(help: "问卷 YAML 文件，或自查项文件 review-items.yaml、节假日文件 holidays.yaml、办公室文件 office.yaml（文件名不同时按内容判断）。") var files: [String]
    @Option(help: "自查项文件（默认为问卷所在目录中的 review-items.yaml）。") var reviewItems: String?

    func run() throws {
        var failed = false
        for file in files {
            do {
                let bytes = try SurveyFile.bytes(file)
                switch DataFileKind.of(path: file, bytes: bytes) {
                case .reviewItems:
                    let items = try ReviewItemsLoader.load(yaml: bytes, file: file)
                    print("\(file)：通过（\(items.count) 个自查项）")
                case .office:
                    var items: [ReviewItem]?
                    if let itemsPath = SurveyFile.reviewItemsPath(for: file, given: reviewItems) {
                        items = try ReviewItemsLoader.load(yaml: SurveyFile.bytes(itemsPath), file: itemsPath)
                    }
                    if items == nil { print(SurveyFile.uncheckedReferences(in: file, what: "办公室文件中的自查项和牵头单位")) }
                    let profile = try OfficeProfileLoader.load(yaml: bytes, file: file, reviewItems: items)
                    let pending = 19 - profile.reviewItems.values.filter { $0 != .pending }.count
                    print("\(file)：通过（\(profile.categories.count) 个监督员类别，\(profile.units.count) 个单位，待核定自查项 \(max(0, pending)) 个）")
                case .holidays:
                    let calendar = try HolidayCalendarLoader.load(yaml: bytes, file: file)
                    print("\(file)：通过（\(calendar.years.keys.sorted().map(String.init).joined(separator: "、")) 年）")
                case .survey:
                    let (survey, warnings) = try SurveyFile.load(file, reviewItems: reviewItems)
                    warnings.forEach { print($0) }
                    print("\(file)：通过（\(survey.id)，\(survey.questions.count) 题；\(ReadingTime(survey).summary)）")
                }
            } catch {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// Reads a survey file from disk, turning read failures into file issues.
enum SurveyFile {
    static let reviewItemsName = ReviewItemsLoader.fileName

    /// Loads a survey file, checking its review item references against `reviewItems` (by default
    /// the `review-items.yaml` beside it, else the one `serve` would use); without any, a warning
    /// says the references went unchecked.
    static func load(_ path: String, reviewItems: String? = nil) throws(SurveyFileErrors) -> (Survey, [SurveyFileIssue]) {
        let itemsPath = reviewItemsPath(for: path, given: reviewItems)
        var items: [ReviewItem]?
        if let itemsPath { items = try ReviewItemsLoader.load(yaml: bytes(itemsPath), file: itemsPath) }
        // The office file beside the survey names the supervisor categories a question may be asked of.
        var categories: Set<String>?
        let officePath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(OfficeProfileLoader.fileName).path
        if let items, FileManager.default.fileExists(atPath: officePath) {
            categories = Set(try office(beside: path, reviewItems: items).categories.map(\.rawValue))
        }
        var (survey, warnings) = try SurveyLoader.load(yaml: bytes(path), file: path, reviewItems: items.map { Set($0.map(\.id)) }, categories: categories)
        if items == nil { warnings.append(uncheckedReferences(in: path, what: "问卷引用的自查项编号")) }
        return (survey, warnings)
    }

    /// The review items a file at `path` is checked against: `given`, else the file beside it, else
    /// the one `serve` would use; nil when there is none.
    static func reviewItemsPath(for path: String, given: String?) -> String? {
        let beside = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(reviewItemsName).path
        return given ?? (FileManager.default.fileExists(atPath: beside) ? beside : InstallLocations.find("Surveys/\(reviewItemsName)"))
    }

    /// The warning that `what` went unchecked for want of a review items file.
    static func uncheckedReferences(in path: String, what: String) -> SurveyFileIssue {
        SurveyFileIssue(
            file: path, line: 1, column: 1, severity: .warning, message: "找不到自查项文件 \(reviewItemsName)，\(what)未检查：请用 --review-items 指定")
    }

    /// The holiday calendar in `holidays.yaml` beside `path` (a survey or review-items file), or an
    /// empty one (Monday to Friday) when there is none.
    static func workCalendar(beside path: String) throws(SurveyFileErrors) -> WorkCalendar {
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(HolidayCalendarLoader.fileName).path
        guard FileManager.default.fileExists(atPath: file) else { return WorkCalendar() }
        return try HolidayCalendarLoader.load(yaml: bytes(file), file: file)
    }

    /// The office file beside `path` (a review-items file), or the fallback when there is none.
    static func office(beside path: String, reviewItems: [ReviewItem]) throws(SurveyFileErrors) -> OfficeProfile {
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(OfficeProfileLoader.fileName).path
        guard FileManager.default.fileExists(atPath: file) else { return .fallback }
        return try OfficeProfileLoader.load(yaml: bytes(file), file: file, reviewItems: reviewItems)
    }

    static func bytes(_ path: String) throws(SurveyFileErrors) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SurveyFileErrors(issues: [SurveyFileIssue(file: path, line: 1, column: 1, message: "无法读取文件（不存在或无权限）")])
        }
        return Array(data)
    }
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes `text` to `file` and reports `done` on standard error, or prints it when no file is given,
/// each line's control characters shown rather than obeyed (a note typed with an escape sequence
/// must not drive the terminal).
func emit(_ text: String, to file: String?, done: @autoclosure () -> String) throws {
    guard let file else {
        print(UntrustedText.forTerminalKeepingLines(text), terminator: "")
        return
    }
    do {
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    } catch {
        throw CommandFailure("无法写入 \(file)：\(error.localizedDescription)")
    }
    printError(done())
}
