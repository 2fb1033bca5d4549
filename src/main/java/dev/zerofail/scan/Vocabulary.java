package dev.zerofail.scan;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The detector's word lists, read from {@code wordLists} in rules.yaml: data rather than code, as
 * gitleaks keeps its allowlists and stopwords. Each list carries examples that
 * {@code WordListExamplesTest} runs: {@code match} lines must produce a finding, {@code nomatch}
 * lines none.
 *
 * @param keywordStems  stems of secret words the keyword automaton looks for ("pass" for password)
 * @param assignWords   more automaton keywords, only as part of an assignment's key ("key", "url")
 * @param genericKeys   keys that take their name from a line above ("value" under "- name: DB_PASSWORD")
 * @param fakeMarkers   substrings that make a well-formed value a documentation stand-in (AKIA…EXAMPLE)
 * @param publicValues  prefixes of values that are public by design (Stripe publishable keys)
 * @param notCredentials words that sit where a password would but are not one ({ password: 'string' })
 * @param sameLineAllow comment markers that silence their own line
 * @param nextLineAllow comment markers that silence the next line
 */
record Vocabulary(List<String> keywordStems, List<String> assignWords, Set<String> genericKeys, List<String> fakeMarkers,
        List<String> publicValues, Set<String> notCredentials, List<String> sameLineAllow, List<String> nextLineAllow,
        List<ListExample> examples) {

    /** One example of a word list: {@code text} in file {@code file} must ({@code match}) or must not produce a finding. */
    record ListExample(String list, Rule.Example example, boolean match) {
    }

    private static final ConfigKeys LIST_KEYS = ConfigKeys.in("rules.yaml", "wordLists.LIST", "words", "examples");
    private static final ConfigKeys EXAMPLE_KEYS = ConfigKeys.in("rules.yaml", "wordLists.LIST.examples", "match", "nomatch");
    static final List<String> LISTS = List.of("keywordStems", "assignWords", "genericKeys", "fakeMarkers", "publicValues",
            "notCredentials", "sameLineAllow", "nextLineAllow");

    Vocabulary {
        keywordStems = List.copyOf(keywordStems);
        assignWords = List.copyOf(assignWords);
        genericKeys = Set.copyOf(genericKeys);
        fakeMarkers = List.copyOf(fakeMarkers);
        publicValues = List.copyOf(publicValues);
        notCredentials = Set.copyOf(notCredentials);
        sameLineAllow = List.copyOf(sameLineAllow);
        nextLineAllow = List.copyOf(nextLineAllow);
        examples = List.copyOf(examples);
    }

    static Vocabulary parse(ConfigNode lists) {
        lists.requireKeys(ConfigKeys.in("rules.yaml", "wordLists", LISTS.toArray(String[]::new)));
        Map<String, List<String>> words = new LinkedHashMap<>();
        List<ListExample> examples = new ArrayList<>();
        for (String name : LISTS) {
            ConfigNode n = lists.get(name).orElseThrow(() -> lists.error("word list '" + name + "' missing",
                    "add it under wordLists"));
            n.requireKeys(LIST_KEYS);
            words.put(name, n.get("words").orElseThrow(() -> n.error("no words", "add words:")).strings());
            n.get("examples").ifPresent(ex -> {
                ex.requireKeys(EXAMPLE_KEYS);
                ex.get("match").ifPresent(m -> m.items().forEach(i -> examples.add(new ListExample(name, RuleSet.example(i), true))));
                ex.get("nomatch").ifPresent(m -> m.items().forEach(i -> examples.add(new ListExample(name, RuleSet.example(i), false))));
            });
        }
        return new Vocabulary(lower(words.get("keywordStems")), lower(words.get("assignWords")),
                Set.copyOf(lower(words.get("genericKeys"))), lower(words.get("fakeMarkers")), words.get("publicValues"),
                Set.copyOf(words.get("notCredentials")), words.get("sameLineAllow"), words.get("nextLineAllow"), examples);
    }

    private static List<String> lower(List<String> in) {
        return in.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** A key that names nothing by itself ("value", "default"): its name is on a line above. */
    boolean genericKey(String key) {
        return genericKeys.contains(AssignmentLexer.asciiLower(key));
    }

    /** Documentation-style stand-ins inside an otherwise well-formed value (AKIAIOSFODNN7EXAMPLE, sk_live_xxxx). */
    boolean looksFake(String v) {
        String l = AssignmentLexer.asciiLower(v);
        for (String mark : fakeMarkers) {
            if (l.contains(mark)) {
                return true;
            }
        }
        return false;
    }

    /** A value public by design: a Stripe publishable key, the documented Azurite emulator key. */
    boolean publicValue(String v) {
        for (String p : publicValues) {
            if (v.startsWith(p)) {
                // (the rule used to be a regex "^prefix.*" matched whole: a line break inside fails it)
                for (int i = p.length(); i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** A schema or form word where a password would be ("string", "hidden", "bearer"): never a weak default. */
    boolean notCredential(String word) {
        return notCredentials.contains(word);
    }
}
