import Foundation
import SurveyCore
import Yams

/// Reads a survey from YAML, reporting every problem with file, line and column. Never traps.
public enum SurveyLoader {
    /// The largest survey file accepted.
    public static let maxFileBytes = 1 << 20

    /// Parses and validates survey YAML. Warnings come back with the survey; errors are thrown.
    ///
    /// - Parameter reviewItems: the known review item ids; when given, every `items` entry must be one.
    /// - Parameter categories: the office's supervisor categories; when given, every category a
    ///   question is asked of must be one (a misspelt one would hide the question from everyone).
    public static func load(
        yaml bytes: [UInt8], file: String, reviewItems: Set<String>? = nil, categories: Set<String>? = nil
    ) throws(SurveyFileErrors) -> (survey: Survey, warnings: [SurveyFileIssue]) {
        let reader = NodeReader(file: file)
        reader.reviewItems = reviewItems
        reader.categories = categories
        let survey = reader.compose(bytes, limit: maxFileBytes).flatMap(reader.survey)
        return try reader.finish(survey)
    }
}
