import Yams

/// libyaml's syntax errors in the words of someone editing a survey by hand, with the place to
/// look: an unclosed quote or bracket is named where it opened, not where the file ran out.
struct YAMLSyntaxMessage {
    var line: Int
    var column: Int
    var message: String

    /// `problem` at `mark`, as libyaml reported it while reading what `context` names.
    init(problem: String, mark: Mark, context: YamlError.Context?) {
        let contextText = context?.text ?? ""
        // Where a construct began is the place to fix when it never ended: the issue points there.
        let startsAtContext: Bool
        let explanation: String
        switch problem {
        case "found unexpected end of stream" where contextText.contains("quoted scalar"):
            (startsAtContext, explanation) = (true, "引号没有闭合：请在文字末尾补上同样的引号")
        case "found unexpected end of stream":
            (startsAtContext, explanation) = (false, "文件意外结束：可能有引号或括号没有闭合")
        case "found character that cannot start any token":
            (startsAtContext, explanation) = (false, "此处的字符不能作为内容的开头：缩进请用空格而不是制表符（Tab）；以 @、`、% 开头的文字请加引号")
        case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            (startsAtContext, explanation) = (false, "缩进中有制表符（Tab），请改用空格")
        case "mapping values are not allowed in this context":
            (startsAtContext, explanation) = (false, "此处不能出现“键: 值”：可能是这一行的缩进与上一行不一致，或文字中含有“: ”而需要加引号")
        case "did not find expected '-' indicator":
            (startsAtContext, explanation) = (false, "列表的缩进不一致：同一列表的各项（“- ”）及其下的键须上下对齐")
        case "did not find expected key":
            (startsAtContext, explanation) = (false, "此处应是“键: 值”：可能是缩进不一致，或引号结束后还跟着文字")
        case "could not find expected ':'":
            (startsAtContext, explanation) = (true, "找不到冒号“:”：可能是引号没有闭合，或“键: 值”缺少冒号")
        case "found unknown escape character":
            (startsAtContext, explanation) = (false, "双引号中的反斜杠 \\ 后跟着无法识别的字符：反斜杠请写成 \\\\，或改用单引号")
        case "did not find expected ',' or ']'":
            (startsAtContext, explanation) = (true, "方括号 [ ] 没有闭合，或其中各项之间缺少逗号")
        case "did not find expected ',' or '}'":
            (startsAtContext, explanation) = (true, "花括号 { } 没有闭合，或其中各项之间缺少逗号")
        case "did not find expected node content":
            (startsAtContext, explanation) = (false, "此处缺少内容")
        case "block sequence entries are not allowed in this context":
            (startsAtContext, explanation) = (false, "此处不能开始列表项“- ”：可能是缩进不一致")
        case "did not find expected comment or line break":
            (startsAtContext, explanation) = (false, "此处应当换行：同一行的内容后面多出了文字")
        case "found unexpected ':'":
            (startsAtContext, explanation) = (false, "此处的冒号不合规则：含冒号的文字请加引号")
        case "found unexpected document indicator":
            (startsAtContext, explanation) = (false, "行首的 --- 或 ... 会被当作文档分隔符：这样的文字请加引号")
        case "control characters are not allowed":
            (startsAtContext, explanation) = (false, "文件中含有控制字符")
        case let problem where problem.contains("UTF-8") || problem.contains("Unicode"):
            (startsAtContext, explanation) = (false, "文件不是有效的 UTF-8 编码，请另存为 UTF-8")
        default:
            (startsAtContext, explanation) = (false, "无法识别的写法（libyaml：\(problem)）")
        }
        let place = startsAtContext ? context?.mark ?? mark : mark
        line = place.line
        column = place.column
        message = "YAML 语法错误：" + explanation
    }
}
