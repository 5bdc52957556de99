package com.coworking.bridge.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import com.coworking.bridge.base.SetupProblem;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagNames;

/**
 * Reads the links of the setting {@code LINKS_FILE} (docs/links.md): a YAML list under {@code links:}.
 * Everything is checked before the bridge starts - unknown or repeated keys, names, a location linked twice, a
 * missing value, an environment variable that is not set - and each problem is reported with the file and line.
 * {@code ${NAME}} in a value reads the environment variable NAME, so secrets stay out of the file.
 */
public final class LinksFile {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> LINK_KEYS = Set.of("name", "locationRef", "enabled", "luckey", "tags", "bookings", "visitors");
    private static final Set<String> BOOKING_KEYS = Set.of("enabled", "includeTentative", "openBeforeMs", "closeAfterMs", "inviteLeadMs",
            "pollDaysAhead");
    private static final Set<String> VISITOR_KEYS = Set.of("enabled");
    private static final Set<String> LUCKEY_KEYS = Set.of("baseUrl", "clientId", "clientSecret", "requestsPerSecond");
    private static final Set<String> TAG_KEYS = Set.of("planTemplate", "companyTemplate", "resourceTemplate", "plans", "companies",
            "resources");

    private final String file;
    private final UnaryOperator<String> environment;
    private final TagNames defaultTags;
    private final DoorSettings defaultDoors;
    private final int defaultRequestsPerSecond;
    /** The explicit tag names of each link read so far, to tell links on one account apart. */
    private final Map<String, Set<String>> explicitNames = new HashMap<>();

    private LinksFile(String file, UnaryOperator<String> environment, TagNames defaultTags, DoorSettings defaultDoors,
                      int defaultRequestsPerSecond) {
        this.file = file;
        this.environment = environment;
        this.defaultTags = defaultTags;
        this.defaultDoors = defaultDoors;
        this.defaultRequestsPerSecond = defaultRequestsPerSecond;
    }

    /**
     * @param environment      looks an environment variable up (null when not set)
     * @param defaultTags      templates of a link that names none (bridge.tags.*-template)
     * @param defaultDoors     bookings and visitors of a link that sets none (bridge.bookings.*, bridge.visitors.enabled)
     * @param defaultRequestsPerSecond Luckey rate of a link that names none (luckey.requests-per-second)
     */
    public static List<Link> read(Path path, UnaryOperator<String> environment, TagNames defaultTags, DoorSettings defaultDoors,
                                  int defaultRequestsPerSecond) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LinksFileError("LINKS_FILE " + path + " cannot be read: " + e.getMessage());
        }
        return new LinksFile(path.toString(), environment, defaultTags, defaultDoors, defaultRequestsPerSecond).parse(text);
    }

    private List<Link> parse(String text) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new LinksFileError(file + " line " + line + ": not valid YAML: " + e.getProblem());
        }
        if (root == null) {
            throw new LinksFileError(file + ": the file is empty; it needs a list of links under 'links:'");
        }
        Map<String, Node> top = mapping(root, Set.of("links"), "the file");
        Node list = require(top, "links", root, "the file");
        if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw error(list, "'links' must be a list with at least one link");
        }
        List<Link> links = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Map<String, String> locations = new HashMap<>();
        for (Node entry : sequence.getValue()) {
            Link link = link(entry);
            if (names.putIfAbsent(link.name(), entry) != null) {
                throw error(entry, "two links are named '" + link.name() + "' (the first at line " + line(names.get(link.name()))
                        + "); names must be unique");
            }
            String other = locations.putIfAbsent(link.locationRef(), link.name());
            if (other != null) {
                throw error(entry, "links '" + other + "' and '" + link.name() + "' both link location " + link.locationRef()
                        + "; a location has one link");
            }
            links.add(link);
        }
        checkSharedAccounts(links, names);
        return links;
    }

    private Link link(Node entry) {
        Map<String, Node> keys = mapping(entry, LINK_KEYS, "a link");
        String name = scalar(require(keys, "name", entry, "a link"), "name");
        if (!NAME.matcher(name).matches()) {
            throw error(keys.get("name"), "link name '" + name + "' may hold only a-z, 0-9 and '-'");
        }
        String where = "link '" + name + "'";
        String locationRef = scalar(require(keys, "locationRef", entry, where), "locationRef");
        boolean enabled = true;
        if (keys.containsKey("enabled")) {
            String value = scalar(keys.get("enabled"), "enabled");
            if (!value.equals("true") && !value.equals("false")) {
                throw error(keys.get("enabled"), "enabled of " + where + " must be true or false, not '" + value + "'");
            }
            enabled = Boolean.parseBoolean(value);
        }
        Node luckeyNode = require(keys, "luckey", entry, where);
        Map<String, Node> luckey = mapping(luckeyNode, LUCKEY_KEYS, "luckey of " + where);
        String baseUrl = scalar(require(luckey, "baseUrl", luckeyNode, "luckey of " + where), "luckey.baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw error(luckey.get("baseUrl"), "luckey.baseUrl of " + where + " must start with http:// or https://");
        }
        int requestsPerSecond = defaultRequestsPerSecond;
        if (luckey.containsKey("requestsPerSecond")) {
            String value = scalar(luckey.get("requestsPerSecond"), "luckey.requestsPerSecond");
            try {
                requestsPerSecond = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                requestsPerSecond = 0;
            }
            if (requestsPerSecond < 1) {
                throw error(luckey.get("requestsPerSecond"), "luckey.requestsPerSecond of " + where + " must be a whole number above 0");
            }
        }
        Link.LuckeyAccountSettings account = new Link.LuckeyAccountSettings(baseUrl,
                scalar(require(luckey, "clientId", luckeyNode, "luckey of " + where), "luckey.clientId"),
                scalar(require(luckey, "clientSecret", luckeyNode, "luckey of " + where), "luckey.clientSecret"), requestsPerSecond);
        TagNames tags = defaultTags;
        Set<String> explicit = new HashSet<>();
        if (keys.containsKey("tags")) {
            Map<String, Node> tagKeys = mapping(keys.get("tags"), TAG_KEYS, "tags of " + where);
            Map<String, String> plans = tagKeys.containsKey("plans") ? names(tagKeys.get("plans"), "tags.plans of " + where) : Map.of();
            Map<String, String> companies = tagKeys.containsKey("companies")
                    ? names(tagKeys.get("companies"), "tags.companies of " + where) : Map.of();
            Map<String, String> resources = tagKeys.containsKey("resources")
                    ? names(tagKeys.get("resources"), "tags.resources of " + where) : Map.of();
            tags = TagNames.of(
                    tagKeys.containsKey("planTemplate") ? scalar(tagKeys.get("planTemplate"), "tags.planTemplate") : defaultTags.planTemplate(),
                    tagKeys.containsKey("companyTemplate") ? scalar(tagKeys.get("companyTemplate"), "tags.companyTemplate")
                            : defaultTags.companyTemplate(),
                    tagKeys.containsKey("resourceTemplate") ? scalar(tagKeys.get("resourceTemplate"), "tags.resourceTemplate")
                            : defaultTags.resourceTemplate(),
                    defaultTags.visitorTag(), plans, companies, resources);
            explicit.addAll(plans.values());
            explicit.addAll(companies.values());
            // An empty name is a resource without a lock: no tag, nothing to share
            resources.values().stream().filter(n -> !n.isBlank()).forEach(explicit::add);
        }
        explicitNames.put(name, explicit);
        return new Link(name, locationRef, enabled, account, tags, doors(keys, where));
    }

    /** The link's {@code bookings} and {@code visitors}: each key it sets wins over the setting of the same meaning. */
    private DoorSettings doors(Map<String, Node> keys, String where) {
        DoorSettings doors = defaultDoors;
        AccessPolicy.BookingTimes times = doors.times();
        boolean bookings = doors.bookings();
        boolean tentative = doors.includeTentative();
        int daysAhead = doors.pollDaysAhead();
        if (keys.containsKey("bookings")) {
            Map<String, Node> b = mapping(keys.get("bookings"), BOOKING_KEYS, "bookings of " + where);
            bookings = b.containsKey("enabled") ? bool(b.get("enabled"), "bookings.enabled of " + where) : bookings;
            tentative = b.containsKey("includeTentative") ? bool(b.get("includeTentative"), "bookings.includeTentative of " + where) : tentative;
            times = new AccessPolicy.BookingTimes(
                    b.containsKey("openBeforeMs") ? Duration.ofMillis(number(b.get("openBeforeMs"), "bookings.openBeforeMs of " + where)) : times.openBefore(),
                    b.containsKey("closeAfterMs") ? Duration.ofMillis(number(b.get("closeAfterMs"), "bookings.closeAfterMs of " + where)) : times.closeAfter(),
                    b.containsKey("inviteLeadMs") ? Duration.ofMillis(number(b.get("inviteLeadMs"), "bookings.inviteLeadMs of " + where)) : times.inviteLead());
            daysAhead = b.containsKey("pollDaysAhead") ? (int) number(b.get("pollDaysAhead"), "bookings.pollDaysAhead of " + where) : daysAhead;
        }
        boolean visitors = doors.visitors();
        if (keys.containsKey("visitors")) {
            Map<String, Node> v = mapping(keys.get("visitors"), VISITOR_KEYS, "visitors of " + where);
            visitors = v.containsKey("enabled") ? bool(v.get("enabled"), "visitors.enabled of " + where) : visitors;
        }
        return new DoorSettings(bookings, tentative, visitors, times, daysAhead);
    }

    private boolean bool(Node node, String what) {
        String value = scalar(node, what);
        if (!value.equals("true") && !value.equals("false")) {
            throw error(node, what + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private long number(Node node, String what) {
        String value = scalar(node, what);
        try {
            long number = Long.parseLong(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw error(node, what + " must be a whole number, 0 or more, not '" + value + "'");
    }

    /**
     * Links on one Luckey account keep their tags apart only if no tag name can be made by two of them: their
     * templates and their explicit names must differ.
     */
    private void checkSharedAccounts(List<Link> links, Map<String, Node> nodes) {
        for (int i = 0; i < links.size(); i++) {
            for (int j = i + 1; j < links.size(); j++) {
                Link a = links.get(i);
                Link b = links.get(j);
                if (!a.luckey().accountKey().equals(b.luckey().accountKey())) {
                    continue;
                }
                String problem = null;
                if (a.tags().planTemplate().equals(b.tags().planTemplate())) {
                    problem = "the same plan tag template '" + a.tags().planTemplate() + "'";
                } else if (a.tags().companyTemplate().equals(b.tags().companyTemplate())) {
                    problem = "the same company tag template '" + a.tags().companyTemplate() + "'";
                } else if (a.tags().resourceTemplate().equals(b.tags().resourceTemplate())) {
                    problem = "the same resource tag template '" + a.tags().resourceTemplate() + "'";
                } else if (a.doors().visitors() && b.doors().visitors()) {
                    problem = "visitors on in both, with the one visitors' tag '" + a.tags().visitorTag() + "' (visitors.enabled in one of them only)";
                } else {
                    for (String name : explicitNames.get(a.name())) {
                        if (explicitNames.get(b.name()).contains(name)) {
                            problem = "the same tag name '" + name + "'";
                        }
                    }
                }
                if (problem != null) {
                    throw error(nodes.get(b.name()), "links '" + a.name() + "' and '" + b.name() + "' share the Luckey account "
                            + a.luckey() + " and " + problem + ": a revoke in one would remove access the other grants. "
                            + "Give them different tags.planTemplate, tags.companyTemplate and tags.resourceTemplate (such as \"Milano: {title}\")");
                }
            }
        }
    }

    private Map<String, String> names(Node node, String where) {
        Map<String, String> names = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, where + " must map Spacebring ids to tag names");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String id = scalar(tuple.getKeyNode(), "an id");
            if (names.put(id, scalar(tuple.getValueNode(), where + "." + id)) != null) {
                throw error(tuple.getKeyNode(), where + " names " + id + " twice");
            }
        }
        return names;
    }

    /** The keys of a mapping node; an unknown or repeated key is an error naming the known ones. */
    private Map<String, Node> mapping(Node node, Set<String> known, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
            if (!known.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + " (known keys: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
            if (keys.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "'" + key + "' is given twice in " + what);
            }
        }
        return keys;
    }

    private Node require(Map<String, Node> keys, String key, Node owner, String what) {
        Node value = keys.get(key);
        if (value == null) {
            throw error(owner, what + " has no '" + key + "'");
        }
        return value;
    }

    /** A non-empty text value, with each ${NAME} replaced by the environment variable NAME. */
    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, what + " must be a single value");
        }
        Matcher variables = VARIABLE.matcher(scalar.getValue());
        StringBuilder value = new StringBuilder();
        while (variables.find()) {
            String variable = environment.apply(variables.group(1));
            if (variable == null || variable.isEmpty()) {
                throw error(node, what + " reads the environment variable " + variables.group(1) + ", which is not set");
            }
            variables.appendReplacement(value, Matcher.quoteReplacement(variable));
        }
        variables.appendTail(value);
        if (value.toString().isBlank()) {
            throw error(node, what + " is empty");
        }
        return value.toString().trim();
    }

    private LinksFileError error(Node node, String problem) {
        return new LinksFileError(file + " line " + line(node) + ": " + problem);
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** The links file cannot be used; the message names the file, the line and the problem. */
    public static final class LinksFileError extends SetupProblem {
        public LinksFileError(String message) {
            super(message);
        }
    }
}
