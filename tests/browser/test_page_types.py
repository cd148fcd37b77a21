"""Every type of public page at a phone's and a desktop's width: it answers, has one h1, says its language and gives
every image a text alternative; a screenshot of each is kept under test-artifacts/screenshots/."""

# Images that say nothing have an empty alt, which is still an alt; the check is that none lacks the attribute.
PAGE_FACTS = """() => ({
  lang: document.documentElement.lang,
  h1: [...document.querySelectorAll('h1')].map((heading) => heading.textContent.trim()),
  imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map((image) => image.src),
  title: document.title,
})"""


def test_each_page_type_has_one_h1_a_language_and_text_alternatives(page, live_server, public_pages, screenshot):
    problems = []
    for name, path in public_pages.items():
        response = page.goto(f"{live_server.url}{path}")
        expected_status = 404 if name == "not-found" else 200
        if response.status != expected_status:
            problems.append(f"{path}: status {response.status}, not {expected_status}")
        facts = page.evaluate(PAGE_FACTS)
        if facts["lang"] != "en":
            problems.append(f"{path}: <html lang> is {facts['lang']!r}")
        if len(facts["h1"]) != 1:
            problems.append(f"{path}: {len(facts['h1'])} h1 headings {facts['h1']}")
        if not facts["title"]:
            problems.append(f"{path}: no <title>")
        problems += [f"{path}: an image with no alt attribute: {src}" for src in facts["imagesWithoutAlt"]]
        screenshot(name)

    page.goto(f"{live_server.url}/admin/login/")
    screenshot("admin-login")
    assert not problems, "\n".join(problems)
