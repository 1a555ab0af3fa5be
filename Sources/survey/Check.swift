import ArgumentParser
import Foundation
import SurveyCore

/// `survey check`: validates survey files offline.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查问卷文件，报告文件、行、列和错误原因。")

    @Argument(help: "问卷 YAML 文件。") var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let (survey, warnings) = try SurveyFile.load(file)
                warnings.forEach { print($0) }
                print("\(file)：通过（\(survey.id)，\(survey.questions.count) 题）")
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
    static func load(_ path: String) throws(SurveyFileErrors) -> (Survey, [SurveyFileIssue]) {
        let data = try bytes(path)
        return try SurveyLoader.load(yaml: data, file: path)
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
