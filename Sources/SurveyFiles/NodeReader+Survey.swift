import Foundation
import SurveyCore
import Yams

/// Reading surveys and their questions.
extension NodeReader {
    // MARK: Survey structure

    static let surveyKeys: Set<String> = ["id", "title", "description", "questions", "auto_approve_comments", "round"]
    static let questionKeys: Set<String> = [
        "id", "type", "title", "help", "required", "options", "min", "max", "max_length", "items", "finding", "show_if", "indicator", "labels",
        "unknown", "section", "integer", "private",
    ]
    static let optionKeys: Set<String> = ["id", "label", "exclusive"]

    func survey(_ node: Node) -> Survey? {
        guard let map = mapping(node, allowed: Self.surveyKeys, what: "问卷") else { return nil }
        let id = identifier(map["id"], in: node, key: "id")
        let title = text(map["title"], in: node, key: "title")
        let description = map["description"].flatMap { text($0, in: node, key: "description") }
        var questions: [Question] = []
        if let list = sequence(map["questions"], in: node, key: "questions") {
            if list.isEmpty { report(map["questions"], "questions 不能为空") }
            reportDuplicateIDs(list, what: "题目编号")
            var nodes: [String: Node] = [:]
            for item in list {
                guard let question = question(item, earlier: questions) else { continue }
                questions.append(question)
                // A repeated id is an error of its own; later notes point at the first.
                if nodes[question.id] == nil { nodes[question.id] = item }
            }
            // Sections split the page: once there is one, every question belongs to one, and each has its own title.
            if questions.contains(where: { $0.section != nil }), let first = questions.first, first.section == nil {
                report(nodes[first.id], "问卷分部分时，第一题须写 section（部分的标题）")
            }
            var headings: Set<String> = []
            for question in questions {
                guard let heading = question.section, !heading.isEmpty else { continue }
                if !headings.insert(heading).inserted { report(nodes[question.id], "部分标题“\(heading)”重复") }
            }
            // A case's detail is a text question of the same survey.
            let texts = Set(questions.filter { $0.type == .text }.map(\.id))
            for question in questions {
                for rule in question.findings ?? [] {
                    if let detail = rule.detail, !texts.contains(detail) {
                        report(nodes[question.id], "finding 规则的 detail 应为本问卷中 text 题的编号，没有“\(detail)”")
                    }
                }
            }
            // A question that only routes skip logic, or an indicator, needs no finding rule.
            let routing = Set(questions.compactMap { $0.showIf?.question })
            var warned: Set<String> = []
            for question in questions
            where question.findings == nil && question.type != .text && !routing.contains(question.id)
                && question.indicator != true && warned.insert(question.id).inserted
            {
                report(nodes[question.id], "题目“\(question.id)”没有 finding 规则，其答案不会进入整改清单", severity: .warning)
            }
        }
        let autoApprove = map["auto_approve_comments"].flatMap { boolean($0, key: "auto_approve_comments") }
        let round = map["round"].flatMap { text($0, in: node, key: "round") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if let round, round.count > 32 || round.contains("｜") {
            report(map["round"], "round（自查批次）“\(round.prefix(32))”不超过 32 个字符，且不含“｜”")
        }
        guard let id, let title else { return nil }
        var survey = Survey(id: id, title: title, description: description, questions: questions, autoApproveComments: autoApprove)
        survey.round = round
        return survey
    }

    func question(_ node: Node, earlier: [Question]) -> Question? {
        guard let map = mapping(node, allowed: Self.questionKeys, what: "题目") else { return nil }
        let id = identifier(map["id"], in: node, key: "id")
        let title = text(map["title"], in: node, key: "title")
        let type = questionType(map["type"], in: node)
        let help = map["help"].flatMap { text($0, in: node, key: "help") }
        let required = map["required"].flatMap { boolean($0, key: "required") } ?? false
        let min = map["min"].flatMap { number($0, key: "min") }
        let max = map["max"].flatMap { number($0, key: "max") }
        let maxLength = map["max_length"].flatMap { number($0, key: "max_length") }.map { Int(exactly: $0) }
        if let maxLength, maxLength == nil || maxLength! < 1 { report(map["max_length"], "max_length 须为正整数") }
        if let min, let max, min > max { report(map["min"], "min（\(min)）大于 max（\(max)）") }
        var options: [ChoiceOption]?
        if let type {
            let choice = type == .single || type == .multiple
            if choice {
                options = self.options(map["options"], in: node)
            } else if let extra = map["options"] {
                report(extra, "\(type.rawValue) 类型的题目不能有 options")
            }
            if (map["min"] != nil || map["max"] != nil) && type != .rating && type != .number {
                report(map["min"] ?? map["max"], "只有 rating 和 number 类型的题目可以设置 min/max")
            }
            if map["max_length"] != nil && type != .text { report(map["max_length"], "只有 text 类型的题目可以设置 max_length") }
        }
        guard let id, let title, let type else { return nil }
        var question = Question(
            id: id, type: type, title: title, help: help, required: required, options: options,
            min: min, max: max, maxLength: maxLength.flatMap { $0 })
        question.items = map["items"].flatMap(reviewItemIDs)
        question.findings = map["finding"].flatMap { findings($0, for: question) }
        if let node = map["show_if"], case .mapping(let rule) = node, rule.count == 1, rule.first?.key.scalar?.string == "category" {
            // Asked only of some categories of supervisors.
            let list = sequence(rule.first?.value, in: node, key: "category") ?? []
            let names = list.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty || names.count != list.count { report(node, "show_if 的 category 应为监督员类别的列表，如 [民营企业, 商协会]") }
            if let known = categories {
                for name in names where !known.contains(name) {
                    report(node, "监督员类别“\(name)”不在办公室文件的类别中（\(known.sorted().joined(separator: "、"))），这道题将没有人能看到")
                }
            }
            question.categories = names.isEmpty ? nil : names
        } else {
            question.showIf = map["show_if"].flatMap { showRule($0, for: question, earlier: earlier) }
        }
        if let flag = map["private"].flatMap({ boolean($0, key: "private") }), flag {
            question.isPrivate = true
            if type != .text { report(map["private"], "只有 text 类型的题目可以标为 private（仅办公室可见）") }
        }
        if let flag = map["indicator"].flatMap({ boolean($0, key: "indicator") }), flag {
            question.indicator = true
            if type != .rating { report(map["indicator"], "只有 rating 类型的题目可以作为 indicator（满意度指标）") }
            if map["finding"] != nil { report(map["finding"], "indicator 题目只统计满意率，不能有 finding 规则") }
        }
        if type == .rating {
            // A 60-year-old cannot tell whether 5 is good without the ends named.
            if map["labels"] == nil {
                report(node, "评分题“\(id)”须用 labels 写明两端的含义，如 labels: [很不满意, 很满意]")
            } else if let labels = sequence(map["labels"], in: node, key: "labels") {
                let texts = labels.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0.count <= 12 }
                if texts.count == 2 && labels.count == 2 {
                    question.labels = texts
                } else {
                    report(map["labels"], "labels 应为两端的说明（低分、高分），各不超过 12 个字，如 [很不满意, 很满意]")
                }
            }
        } else if map["labels"] != nil {
            report(map["labels"], "只有 rating 类型的题目可以有 labels")
        }
        if let node = map["unknown"] {
            if let label = text(node, in: node, key: "unknown"), label.count <= 8, [.single, .yesno, .rating].contains(type) {
                question.unknown = label
                if question.options?.contains(where: { $0.id == Question.unknownAnswer }) == true {
                    report(node, "有 unknown 时，选项编号不能是 unknown")
                }
            } else {
                report(node, "unknown 是“不了解/不适用”选项的文字（不超过 8 个字），只用于 single、yesno、rating 题")
            }
        }
        if let node = map["integer"], let flag = boolean(node, key: "integer") {
            if type != .number { report(node, "只有 number 类型的题目可以设置 integer") } else if flag { question.integer = true }
        }
        if question.options?.contains(where: { $0.exclusive == true }) == true && type != .multiple {
            report(map["options"], "exclusive（与其他选项互斥）只用于 multiple 类型的题目")
        }
        if let node = map["section"] {
            // Present though faulty still begins a section: one error, not also "the first must have one".
            let heading = text(node, in: node, key: "section")
            if let heading, heading.count > 20 { report(node, "section 是从本题开始的一部分的标题，不超过 20 个字，如 section: 政务服务") }
            question.section = heading ?? ""
        }
        if question.items == nil { report(node, "题目“\(id)”没有关联任何自查项（items）", severity: .warning) }
        return question
    }

    func options(_ node: Node?, in parent: Node) -> [ChoiceOption]? {
        guard let list = sequence(node, in: parent, key: "options") else { return nil }
        if list.isEmpty { report(node, "选项列表不能为空") }
        reportDuplicateIDs(list, what: "选项编号")
        return list.compactMap { item in
            guard let map = mapping(item, allowed: Self.optionKeys, what: "选项"),
                let id = identifier(map["id"], in: item, key: "id"),
                let label = text(map["label"], in: item, key: "label")
            else { return nil }
            var option = ChoiceOption(id: id, label: label)
            if let flag = map["exclusive"].flatMap({ boolean($0, key: "exclusive") }), flag { option.exclusive = true }
            return option
        }
    }

    func questionType(_ node: Node?, in parent: Node) -> QuestionType? {
        guard let name = text(node, in: parent, key: "type") else { return nil }
        guard let type = QuestionType(rawValue: name) else {
            let known = QuestionType.allCases.map(\.rawValue).joined(separator: "、")
            report(node, "未知的题型“\(name)”，可用：\(known)")
            return nil
        }
        return type
    }

}
