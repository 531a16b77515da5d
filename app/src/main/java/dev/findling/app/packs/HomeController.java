package dev.findling.app.packs;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The landing page (in the packs feature, since everything it shows is packs): which model pack the server runs on (or why it could not open it), the installed packs to
 * switch to, and the known packs to download and use.
 */
@Controller
class HomeController {
    private final PackDownloads downloads;
    private final PackCatalog catalog;

    HomeController(PackDownloads downloads, PackCatalog catalog) {
        this.downloads = downloads;
        this.catalog = catalog;
    }

    @GetMapping("/")
    String home(@RequestParam(required = false) String download, @RequestParam(required = false) String switched,
                Model model) {
        model.addAttribute("knownPacks", downloads.list());
        model.addAttribute("installedPacks", catalog.list());
        model.addAttribute("downloadJob", download);
        model.addAttribute("switched", switched);
        return "home";
    }
}
