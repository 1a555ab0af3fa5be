import Foundation
import SurveyCore
import Yams

/// Reading review item references, finding rules and skip logic.
extension NodeReader {
    func reviewItemIDs(_ node: Node) -> [String]? {
        guard case .sequence(let list) = node else {
            report(node, "items 应为自查项编号的列表，如 [R01, R05]")
            return nil
        }
        var ids: [String] = []
        for entry in list {
            guard let id = entry.scalar?.string, !id.isEmpty else {
                report(entry, "自查项编号应为文字")
                continue
            }
            if let known = reviewItems, !known.contains(id) {
                report(entry, "没有编号为“\(id)”的自查项（见 review-items.yaml）")
            } else if ids.contains(id) {
                report(entry, "自查项“\(id)”重复", severity: .warning)
            }
            ids.append(id)
        }
        return ids
    }

    static let conditionKeys: Set<String> = ["equals", "any_of", "at_most", "at_least"]
    static let findingKeys: Set<String> = ["problem", "item", "items", "case", "working_days", "detail", "min_count", "min_share", "unit"]

    /// One condition key out of `mapping`, checked against the question it tests.
    func condition(in map: [String: Node], at node: Node, testing target: Question) -> AnswerCondition? {
        let present = Self.conditionKeys.filter { map[$0] != nil }.sorted()
        guard present.count == 1, let key = present.first, let value = map[key] else {
            report(
                node,
                present.isEmpty
                    ? "缺少条件：equals、any_of、at_most、at_least 之一"
                    : "只能有一个条件，这里有 \(present.joined(separator: "、"))")
            return nil
        }
        let condition: AnswerCondition
        switch key {
        case "equals":
            guard let flag = boolean(value, key: key) else { return nil }
            condition = .equals(flag)
        case "any_of":
            guard case .sequence(let list) = value, !list.isEmpty else {
                report(value, "any_of 应为非空的选项编号列表")
                return nil
            }
            let choices = list.compactMap { $0.scalar?.string }
            let known = Set((target.options ?? []).map(\.id))
            for (entry, choice) in zip(list, choices) where !known.contains(choice) {
                report(entry, "题目“\(target.id)”没有选项“\(choice)”")
            }
            condition = .anyOf(choices)
        default:
            guard let limit = number(value, key: key) else { return nil }
            condition = key == "at_most" ? .atMost(limit) : .atLeast(limit)
        }
        guard condition.applicableTypes.contains(target.type) else {
            let types = condition.applicableTypes.map(\.rawValue).sorted().joined(separator: "、")
            report(value, "\(key) 只能用于 \(types) 类型的题目，而“\(target.id)”是 \(target.type.rawValue)")
            return nil
        }
        return condition
    }

    func findings(_ node: Node, for question: Question) -> [FindingRule]? {
        let entries: [Node]
        switch node {
        case .sequence(let list): entries = Array(list)
        default: entries = [node]
        }
        let rules = entries.compactMap { entry -> FindingRule? in
            guard let map = mapping(entry, allowed: Self.conditionKeys.union(Self.findingKeys), what: "finding 规则") else { return nil }
            let problem = text(map["problem"], in: entry, key: "problem")
            guard let condition = condition(in: map, at: entry, testing: question), let problem else { return nil }
            var rule = FindingRule(when: condition, problem: problem)
            rule.item = map["item"].flatMap { text($0, in: entry, key: "item") }
            if let item = rule.item, !(question.items ?? []).contains(item) {
                report(map["item"], "item（牵头自查项）应为本题 items 之一，“\(item)”不在其中")
            }
            if let node = map["items"], let items = reviewItemIDs(node) {
                if map["item"] != nil { report(node, "item 和 items 只能写一个：items 的第一项就是牵头自查项") }
                let outside = items.filter { !(question.items ?? []).contains($0) }
                if items.isEmpty {
                    report(node, "finding 规则的 items 不能为空：写本题 items 中的一个或几个，或者不写")
                } else if !outside.isEmpty {
                    report(node, "finding 规则的 items 应为本题 items 中的一个或几个，“\(outside.joined(separator: "、"))”不在其中")
                } else {
                    rule.items = items
                }
            }
            rule.isCase = map["case"].flatMap { boolean($0, key: "case") }
            rule.unit = map["unit"].flatMap { text($0, in: entry, key: "unit") }
            if let unit = rule.unit, unit.count > 60 || unit.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                report(map["unit"], "unit（牵头单位）应为不超过 60 个字的单位名称")
            }
            rule.detail = map["detail"].flatMap { text($0, in: entry, key: "detail") }
            rule.workingDays = map["working_days"].flatMap { number($0, key: "working_days") }.flatMap { value in
                guard let days = Int(exactly: value), (1...365).contains(days) else {
                    report(map["working_days"], "working_days 须为 1 到 365 的整数")
                    return nil
                }
                return days
            }
            rule.minCount = map["min_count"].flatMap { number($0, key: "min_count") }.flatMap { value in
                guard let count = Int(exactly: value), count >= 1 else {
                    report(map["min_count"], "min_count 须为正整数")
                    return nil
                }
                return count
            }
            rule.minShare = map["min_share"].flatMap { number($0, key: "min_share") }.flatMap { value in
                guard (0...1).contains(value) else {
                    report(map["min_share"], "min_share 须在 0 到 1 之间")
                    return nil
                }
                return value
            }
            if rule.isCase == true {
                for key in ["min_count", "min_share"] where map[key] != nil {
                    report(map[key], "个案（case: true）每条答案都单独立项，不能设置 \(key)")
                }
            } else {
                for key in ["working_days", "detail"] where map[key] != nil {
                    report(map[key], "\(key) 只用于个案（case: true）")
                }
            }
            return rule
        }
        return rules.isEmpty ? nil : rules
    }

    func showRule(_ node: Node, for question: Question, earlier: [Question]) -> ShowRule? {
        guard let map = mapping(node, allowed: Self.conditionKeys.union(["question"]), what: "show_if 跳题规则"),
            let target = text(map["question"], in: node, key: "question")
        else { return nil }
        if target == question.id {
            report(map["question"], "跳题规则引用了题目自身，形成循环")
            return nil
        }
        guard let parent = earlier.first(where: { $0.id == target }) else {
            report(map["question"], "跳题规则引用的题目“\(target)”不存在或在本题之后（只能引用前面的题目，以免形成循环）")
            return nil
        }
        guard let condition = condition(in: map, at: node, testing: parent) else { return nil }
        return ShowRule(question: target, when: condition)
    }

}
