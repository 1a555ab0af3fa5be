import Foundation

/// ArgumentParser's English messages and help headings in Chinese, for office staff: its wording
/// is fixed, so each known sentence is rewritten whole; anything else passes through unchanged.
enum ParserMessages {
    /// Rewrites, in order, each pattern (whole text, `^`/`$` at line ends) into its template.
    static let rules: [(pattern: String, template: String)] = [
        (#"^Error: Missing expected argument '([^']*)'$"#, "错误：缺少参数 $1"),
        (#"^Error: Unknown option '([^']*)'\. Did you mean '([^']*)'\?$"#, "错误：未知的选项 $1，是否想用 $2？"),
        (#"^Error: Unknown option '([^']*)'$"#, "错误：未知的选项 $1"),
        (#"^Error: Unexpected argument '([^']*)'$"#, "错误：多余的参数或未知的命令“$1”"),
        (#"^Error: \d+ unexpected arguments: (.*)$"#, "错误：多余的参数 $1"),
        (#"^Error: Missing value for '([^']*)'$"#, "错误：$1 缺少值"),
        (#"^Error: The value '([^']*)' is invalid for '([^']*)'\. Please provide one of ('[^']*') and ('[^']*')\.$"#, "错误：$2 的值“$1”无效，可选：$3 或 $4"),
        (#"^Error: The value '([^']*)' is invalid for '([^']*)'\. Please provide one of (.*) or ('[^']*')\.$"#, "错误：$2 的值“$1”无效，可选：$3 或 $4"),
        (#"^Error: The value '([^']*)' is invalid for '([^']*)': (.*)$"#, "错误：$2 的值“$1”无效：$3"),
        (#"^Error: The value '([^']*)' is invalid for '([^']*)'(.*)$"#, "错误：$2 的值“$1”无效$3"),
        (#"^Error: "#, "错误："),
        (#"^Help:  "#, "说明："),
        (#"^Usage: "#, "用法："),
        (#"^(\s*)See '([^']*)' for more information\.$"#, "$1详见 $2。"),
        (#"^(\s*)See '([^']*)' for detailed help\.$"#, "$1详见 $2。"),
        (#"^OVERVIEW: "#, "概述："),
        (#"^USAGE: "#, "用法："),
        (#"^ARGUMENTS:$"#, "参数："),
        (#"^OPTIONS:$"#, "选项："),
        (#"^SUBCOMMANDS:$"#, "子命令："),
        (#"Show help information\."#, "显示帮助信息。"),
        (#"\(values: ([^)]*?); default: ([^)]*)\)"#, "（可选：$1；默认：$2）"),
        (#"\(values: ([^)]*)\)"#, "（可选：$1）"),
        (#"\(default: ([^)]*)\)"#, "（默认：$1）"),
        (#"<subcommand>"#, "<子命令>"),
    ]

    static let compiled: [(NSRegularExpression, String)] = rules.map { rule in
        // The patterns are fixed and tested: failing to compile one is a programming error.
        (try! NSRegularExpression(pattern: rule.pattern, options: [.anchorsMatchLines]), rule.template)
    }

    /// `text` with every known English sentence and heading in Chinese.
    static func chinese(_ text: String) -> String {
        compiled.reduce(text) { text, rule in
            rule.0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: rule.1)
        }
    }

    /// `chinese(text)`, whose error line, when the command line holds a negative number, says that
    /// this is the mistake: the parser reads `-1` as an option and reports something else missing.
    static func chinese(_ text: String, arguments: some Sequence<String>) -> String {
        let translated = chinese(text)
        // Only where the parser took it for an option: a value it did read gets its own range message.
        let first = translated.prefix { $0 != "\n" }
        let misread = ["错误：缺少参数", "错误：未知的选项", "错误：多余的参数"].contains { first.hasPrefix($0) } || first.hasSuffix(" 缺少值")
        guard misread, let negative = arguments.first(where: { $0.wholeMatch(of: /-\d+(\.\d+)?/) != nil }) else {
            return translated
        }
        let rest = translated.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst()
        return (["错误：“\(negative)”不是有效的值：序号和数量须为正整数"] + rest).joined(separator: "\n")
    }
}
