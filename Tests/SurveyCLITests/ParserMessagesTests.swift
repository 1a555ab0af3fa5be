import ArgumentParser
import Testing

@testable import survey

/// ArgumentParser's messages, as office staff read them: in Chinese, with the usage kept.
@Suite struct ParserMessagesTests {
    /// The message `survey ARGUMENTS` prints, as `SurveyCommand.main` prints it.
    func message(_ arguments: [String]) -> String {
        do {
            var command = try SurveyCommand.parseAsRoot(arguments)
            // `--help` parses as ArgumentParser's help command, whose run throws the help text.
            guard String(describing: type(of: command)) == "HelpCommand" else { return "" }
            try command.run()
            return ""
        } catch {
            return ParserMessages.chinese(SurveyCommand.fullMessage(for: error))
        }
    }

    func expectNoEnglish(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for english in ["Error", "Usage", "USAGE", "OPTIONS", "See '", "Help:", "Show help", "Missing", "Unknown", "Unexpected", "invalid", "Please"] {
            #expect(!text.contains(english), "\(english) in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func aMissingArgumentIsNamedWithTheUsage() {
        let text = message(["status"])
        #expect(text.hasPrefix("错误：缺少参数 <survey>"), "\(text)")
        #expect(text.contains("说明：<survey>  问卷编号。"), "\(text)")
        #expect(text.contains("用法：survey status <survey>"), "\(text)")
        #expect(text.contains("详见 survey status --help"), "\(text)")
        expectNoEnglish(text)
    }

    @Test func wrongValuesOptionsAndArgumentsAreNamed() {
        let format = message(["report", "--format", "pdf"])
        #expect(format.hasPrefix("错误：--format <format> 的值“pdf”无效，可选：'csv', 'md', 'html', 'xlsx' 或 'docx'"), "\(format)")
        #expect(message(["export", "s", "--format", "xml"]).hasPrefix("错误：--format <format> 的值“xml”无效，可选：'csv' 或 'jsonl'\n"))
        let option = message(["launch", "x.yaml", "--nope"])
        #expect(option.hasPrefix("错误：未知的选项 --nope，是否想用 --to？"), "\(option)")
        #expect(message(["list", "extra"]).hasPrefix("错误：多余的参数或未知的命令“extra”"))
        #expect(message(["rectify", "assign", "3", "--unit"]).hasPrefix("错误：--unit <unit> 缺少值"))
        #expect(message(["serve", "--port", "abc"]).hasPrefix("错误：--port <port> 的值“abc”无效"))
        for arguments in [["report", "--format", "pdf"], ["launch", "x.yaml", "--nope"], ["list", "extra"], ["rectify", "assign", "3", "--unit"]] {
            expectNoEnglish(message(arguments))
        }
    }

    @Test func helpIsInChinese() {
        let top = message(["--help"])
        #expect(top.contains("概述：营商环境监督员问卷平台") && top.contains("子命令：") && top.contains("选项："), "\(top)")
        #expect(top.contains("显示帮助信息。") && top.contains("详见 survey help <子命令>"), "\(top)")
        let status = message(["status", "--help"])
        #expect(status.contains("参数：") && status.contains("用法：survey status") && status.contains("（默认：2.0）"), "\(status)")
        expectNoEnglish(top)
        expectNoEnglish(status)
    }

    /// A message of this program's own passes through unchanged.
    @Test func chineseTextIsLeftAlone() {
        let text = "数据库的 synchronous 为 1，拒绝启动"
        #expect(ParserMessages.chinese(text) == text)
    }
}
