package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Ids (64 hex digits, as docker's) and names (docker's rule, and its adjective_scientist names when none is given). */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<String> ADJECTIVES = List.of(
            "admiring", "agitated", "amazing", "angry", "awesome", "blissful", "bold", "boring", "brave", "busy",
            "charming", "clever", "compassionate", "competent", "confident", "cool", "dazzling", "determined", "distracted",
            "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent",
            "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious",
            "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent",
            "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest",
            "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
            "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed",
            "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
            "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant",
            "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen");

    private static final List<String> SCIENTISTS = List.of(
            "agnesi", "albattani", "allen", "archimedes", "babbage", "banach", "bardeen", "bartik", "bell", "bhabha",
            "blackwell", "bohr", "booth", "borg", "bose", "brahmagupta", "brattain", "brown", "carson", "cerf",
            "chandrasekhar", "chatelet", "chaum", "chebyshev", "clarke", "cohen", "curie", "darwin", "davinci",
            "diffie", "dijkstra", "dirac", "einstein", "elion", "engelbart", "euclid", "euler", "fermat", "fermi",
            "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goodall", "hamilton", "hawking",
            "heisenberg", "hellman", "hermann", "hertz", "hodgkin", "hoover", "hopper", "hugle", "hypatia", "jang",
            "jennings", "jepsen", "joliot", "kalam", "kapitsa", "keller", "kepler", "khorana", "kilby", "knuth",
            "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lehmann", "lewin", "liskov", "lovelace",
            "lumiere", "mahavira", "mayer", "mccarthy", "mcclintock", "meitner", "mendel", "merkle", "minsky",
            "mirzakhani", "morse", "napier", "newton", "nobel", "noether", "pascal", "pasteur", "payne", "perlman",
            "pike", "poincare", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "rosalind", "sammet", "shamir",
            "shannon", "shockley", "sinoussi", "snyder", "spence", "stonebraker", "swartz", "tesla", "thompson",
            "torvalds", "turing", "varahamihira", "villani", "volhard", "wescoff", "wiles", "williams", "wilson",
            "wing", "wozniak", "wright", "yalow", "yonath");

    private Names() {}

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A free name like {@code brave_turing}; as docker, a digit is appended once plain ones keep colliding. */
    static String random(Predicate<String> taken) {
        for (int i = 0; i < 20; i++) {
            String n = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + SCIENTISTS.get(RANDOM.nextInt(SCIENTISTS.size()));
            if (i >= 10) {
                n += RANDOM.nextInt(10);
            }
            if (!taken.test(n)) {
                return n;
            }
        }
        throw LegendsException.unavailable("could not find a free random name; give one with --name");
    }

    static void check(String name, String what) {
        if (!NAME.matcher(name).matches() || name.length() > 128) {
            throw LegendsException.invalid("invalid " + what + " name " + name
                    + ": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 and at most 128 characters");
        }
        if (name.matches("[0-9a-f]{64}")) {
            throw LegendsException.invalid("invalid " + what + " name " + name + ": it looks like an id");
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
